package engine

// This file is the registry of facts: the only data a rule's condition,
// likelihood and impact can read. Field names in CEL are the `cel` tags. A
// condition that names a fact not listed here fails to compile, naming the
// rule's file and line. docs/rules.md lists these facts with their doc tags.

// ElementFacts describe one element. In CEL: `element` for element rules,
// `flow.source` and `flow.destination` for flow rules.
type ElementFacts struct {
	ID         string `cel:"id" doc:"Element id."`
	Name       string `cel:"name" doc:"Element name (the id when unnamed)."`
	Kind       string `cel:"kind" doc:"Element kind (device, gateway, support-service, …)."`
	Technology string `cel:"technology" doc:"Declared technology."`

	Boundary      string   `cel:"boundary" doc:"Innermost boundary id, or empty."`
	BoundaryKind  string   `cel:"boundary_kind" doc:"Kind of the innermost boundary, or empty."`
	Boundaries    []string `cel:"boundaries" doc:"Ids of every enclosing boundary, innermost first."`
	BoundaryKinds []string `cel:"boundary_kinds" doc:"Kinds of every enclosing boundary, innermost first."`

	VendorOperated      bool `cel:"vendor_operated" doc:"Run by the vendor: a vendor-operated kind, or inside a vendor-controlled boundary."`
	ThirdParty          bool `cel:"third_party" doc:"Run by a third party: a third-party-service, or inside a third-party boundary."`
	InternetReachable   bool `cel:"internet_reachable" doc:"Anyone on the internet can send it traffic: internet_facing, or inside an internet-exposed boundary."`
	RadioReachable      bool `cel:"radio_reachable" doc:"Someone within radio range can talk to it: it has radios or a radio flow ends at it."`
	PhysicallyReachable bool `cel:"physically_reachable" doc:"Someone can touch it: physical_access restricted or public, or inside a physically exposed boundary."`

	PhysicalAccess     string    `cel:"physical_access" doc:"none, restricted or public (empty when not set)."`
	PhysicalAccessRank int       `cel:"physical_access_rank" doc:"physical_access as a number: -1 unset, 0 none, 1 restricted, 2 public."`
	DebugInterfaces    []string  `cel:"debug_interfaces" doc:"Debug interfaces present."`
	FirmwareUpdate     string    `cel:"firmware_update" doc:"none, manual, ota, or empty."`
	OS                 string    `cel:"os" doc:"Operating system."`
	FirmwareVersion    string    `cel:"firmware_version" doc:"Firmware version."`
	Radios             []string  `cel:"radios" doc:"Radio protocols present."`
	Sensors            []string  `cel:"sensors" doc:"Sensors."`
	Actuators          []string  `cel:"actuators" doc:"Actuators."`
	Services           []Service `cel:"services" doc:"Listening network services."`
	HardwareSecurity   string    `cel:"hardware_security" doc:"none, secure-element, tpm, tee, puf, or empty."`
	Credentials        string    `cel:"credentials" doc:"none, unique, user-defined, shared-default, hard-coded, or empty."`
	Instances          int       `cel:"instances" doc:"Deployed units of this element (0 when unknown)."`
	SafetyCritical     bool      `cel:"safety_critical" doc:"Misuse can cause physical harm."`
	InternetFacing     bool      `cel:"internet_facing" doc:"Declared internet_facing: true."`
	MultiTenant        bool      `cel:"multi_tenant" doc:"Declared multi_tenant: true."`
	DataSubjects       int       `cel:"data_subjects" doc:"People whose data it holds (0 when unknown)."`
	Provider           string    `cel:"provider" doc:"Third-party provider."`
	Jurisdiction       string    `cel:"jurisdiction" doc:"Where a third party processes data."`
	Platform           string    `cel:"platform" doc:"Mobile platform."`
	Role               string    `cel:"role" doc:"User role."`
	Controls           []string  `cel:"controls" doc:"Declared controls of the element."`
	Tags               []string  `cel:"tags" doc:"Free-form tags."`

	Stores              []string `cel:"stores" doc:"Data asset ids stored here."`
	Processes           []string `cel:"processes" doc:"Data asset ids processed here."`
	StoredRank          int      `cel:"stored_classification" doc:"Highest classification stored, as a rank (see constants; -1 when nothing)."`
	HandledRank         int      `cel:"handled_classification" doc:"Highest classification stored, processed or carried by its flows (-1 when nothing)."`
	StoredIntegrityRank int      `cel:"stored_integrity" doc:"Highest integrity level of stored data (-1 when nothing)."`
	StoresPersonal      bool     `cel:"stores_personal" doc:"Stores personal or sensitive data."`
	HandlesPersonal     bool     `cel:"handles_personal" doc:"Stores, processes or exchanges personal or sensitive data."`
	StoresSecrets       bool     `cel:"stores_secrets" doc:"Stores data classified secret (keys, credentials)."`

	FlowsIn              int      `cel:"flows_in" doc:"Flows received."`
	FlowsOut             int      `cel:"flows_out" doc:"Flows sent."`
	InboundProtocols     []string `cel:"inbound_protocols" doc:"Protocols of flows it receives."`
	OutboundProtocols    []string `cel:"outbound_protocols" doc:"Protocols of flows it sends."`
	PeerKinds            []string `cel:"peer_kinds" doc:"Kinds of elements it exchanges flows with."`
	ReceivesFromInternet bool     `cel:"receives_from_internet" doc:"Receives a flow that travels over the internet."`
	SendsToThirdParty    bool     `cel:"sends_to_third_party" doc:"Sends a flow to a third-party-run element."`
	ThirdPartyPersonal   bool     `cel:"sends_personal_to_third_party" doc:"Sends personal or sensitive data to a third-party-run element."`
	ReceivesFromDevices  bool     `cel:"receives_from_devices" doc:"Receives flows from devices or gateways."`
	SendsOverInternet    bool     `cel:"sends_over_internet" doc:"Sends a flow that travels over the internet."`
	CleartextCritical    bool     `cel:"receives_critical_cleartext_from_internet" doc:"A vendor- or third-party-run element sends it, over the internet and without end-to-end encryption, data of critical integrity or firmware: anyone on the path can alter what it installs or obeys."`
	InboundAuth          []string `cel:"inbound_authentication" doc:"Authentication of the flows it receives (effective values, sorted, unique)."`
	OutboundAuth         []string `cel:"outbound_authentication" doc:"Authentication of the flows it sends (effective values, sorted, unique)."`
	DevicePeers          int      `cel:"device_peers" doc:"Distinct devices and gateways it exchanges flows with."`
	StoresSensitive      bool     `cel:"stores_sensitive" doc:"Stores data classified sensitive (health, biometrics, precise location)."`
	HandledIntegrity     int      `cel:"handled_integrity" doc:"Highest integrity level of data stored, processed or carried by its flows (-1 when nothing)."`
	CommandsDevices      bool     `cel:"commands_devices" doc:"Sends flows to devices or gateways."`
	UsedBy               []string `cel:"used_by_roles" doc:"Roles of users who have a flow to it."`

	OnboardingMethod     string `cel:"onboarding_method" doc:"How a new unit is set up (soft-ap, ble, qr-code, …), or empty when the model does not say."`
	OnboardingAuth       string `cel:"onboarding_authentication" doc:"How setup authenticates whoever sets the unit up (none when not stated), or empty without onboarding."`
	OnboardingEncryption string `cel:"onboarding_encryption" doc:"How setup traffic is protected (none when not stated), or empty without onboarding."`
	OnboardingCloses     bool   `cel:"onboarding_closes" doc:"Setup mode ends after setup and reopens only by a deliberate action on the unit."`
	OnboardingWindow     int    `cel:"onboarding_window_minutes" doc:"Minutes setup mode stays open (0 when unlimited or unknown)."`
	OnboardingSecrets    bool   `cel:"onboarding_receives_secrets" doc:"Setup hands the unit data classified secret (a Wi-Fi password, an account token)."`
	WithoutCloud         string `cel:"without_cloud" doc:"What the essential function does without the cloud: works, degraded, stops, or empty."`
	GrantScope           string `cel:"grant_scope" doc:"Third party: what the user's grant lets it do (read-only, selected-devices, all-devices, account), or empty."`
	SharedAccount        bool   `cel:"shared_account" doc:"User: several people sign in with this one login."`

	CanTrigger          []string `cel:"can_trigger" doc:"Actions the flows it sends can trigger (unlock, setpoint, …)."`
	TriggersSafety      bool     `cel:"triggers_safety_actions" doc:"A flow it sends can trigger an action marked safety-relevant."`
	ReceivesActions     []string `cel:"receives_actions" doc:"Actions the flows it receives can trigger here."`
	ReceivesSafety      bool     `cel:"receives_safety_actions" doc:"A flow it receives can trigger an action marked safety-relevant."`
	FleetCommand        bool     `cel:"fleet_command" doc:"A vendor-run service whose commands (actions) reach devices or gateways, directly or relayed by other elements: it can command every unit."`
	FleetSecrets        bool     `cel:"fleet_secrets" doc:"Stores or processes a secret whose scope is fleet (the same on every unit)."`
	StoredAvailability  int      `cel:"stored_availability" doc:"Highest availability level of stored data (-1 when nothing)."`
	HandledAvailability int      `cel:"handled_availability" doc:"Highest availability level of data stored, processed or carried by its flows (-1 when nothing)."`
	Accepts             []string `cel:"accepts" doc:"Payload formats it accepts: those of its services and of the flows it receives."`
	BackEndPinned       bool     `cel:"back_end_pinned" doc:"It sends flows to vendor- or third-party-run services and every one of them declares server_verification pinned: the certificate authorities on the phone or host cannot vouch for an impostor."`
	CredentialScopes    []string `cel:"credential_scopes" doc:"Stated scopes (unit, account, fleet) of the credentials it holds or presents: credential_scope of its services and of the flows it sends, scope of the secret data it stores (sorted, unique; unstated ones left out)."`
}

// Service is a listening network service, as a fact.
type Service struct {
	Name            string   `cel:"name" doc:"Service name."`
	Protocol        string   `cel:"protocol" doc:"Protocol id."`
	Medium          string   `cel:"medium" doc:"The protocol's medium."`
	Port            int      `cel:"port" doc:"Port, 0 when unknown."`
	Authentication  string   `cel:"authentication" doc:"Authentication, none when not set."`
	Encryption      string   `cel:"encryption" doc:"Encryption, the protocol's only option or none when not set."`
	TLSVersion      string   `cel:"tls_version" doc:"Lowest TLS version accepted, or empty."`
	CredentialScope string   `cel:"credential_scope" doc:"unit, account, fleet, or empty."`
	Formats         []string `cel:"formats" doc:"Payload formats accepted."`
}

// FlowFacts describe one flow. In CEL: `flow`.
type FlowFacts struct {
	ID             string            `cel:"id" doc:"Flow id."`
	Name           string            `cel:"name" doc:"Flow name (the id when unnamed)."`
	Protocol       string            `cel:"protocol" doc:"Protocol id."`
	Medium         string            `cel:"medium" doc:"radio, wired, ip, human or media."`
	Range          string            `cel:"range" doc:"body, short, local, wide or global."`
	Port           int               `cel:"port" doc:"Port, 0 when unknown."`
	Encryption     string            `cel:"encryption" doc:"Effective encryption: as declared, else the protocol's only option, else none."`
	Authentication string            `cel:"authentication" doc:"Effective authentication: as declared, else none."`
	Encrypted      bool              `cel:"encrypted" doc:"Encryption is not none."`
	EndToEnd       bool              `cel:"end_to_end" doc:"Encryption covers the whole path (tls, dtls, app, vpn), not just a radio link."`
	Authenticated  bool              `cel:"authenticated" doc:"Authentication is not none."`
	AuthDeclared   bool              `cel:"authentication_declared" doc:"The model states the flow's authentication (none included); when false, authentication reads none only because nothing was said, and a rule must not claim the sender is unauthenticated."`
	Options        map[string]string `cel:"options" doc:"Protocol options as declared."`
	Controls       []string          `cel:"controls" doc:"Declared controls of the flow."`
	Data           []string          `cel:"data" doc:"Data asset ids carried."`
	Bidirectional  bool              `cel:"bidirectional" doc:"Data also flows back."`

	Via                []string `cel:"via" doc:"Ids of the boundaries the flow is declared to travel through."`
	ViaKinds           []string `cel:"via_kinds" doc:"Kinds of the via boundaries."`
	Actions            []string `cel:"actions" doc:"Commands the flow can trigger at its destination."`
	SafetyActions      bool     `cel:"safety_actions" doc:"Some action is marked safety-relevant (unlock, disarm, setpoint, …)."`
	CredentialScope    string   `cel:"credential_scope" doc:"How widely the sender's credential is shared: unit, account, fleet, or empty."`
	ServerVerification string   `cel:"server_verification" doc:"none, ca, pinned, or empty when not stated."`
	TLSVersion         string   `cel:"tls_version" doc:"Lowest TLS or DTLS version accepted, or empty."`
	Formats            []string `cel:"formats" doc:"Payload formats carried."`
	AvailabilityRank   int      `cel:"data_availability" doc:"Highest availability level carried (-1 when no data)."`

	ClassificationRank int  `cel:"data_classification" doc:"Highest classification carried, as a rank (-1 when no data)."`
	IntegrityRank      int  `cel:"data_integrity" doc:"Highest integrity level carried (-1 when no data)."`
	Personal           bool `cel:"personal" doc:"Carries personal or sensitive data."`
	Secrets            bool `cel:"secrets" doc:"Carries data classified secret."`

	CrossesBoundary bool     `cel:"crosses_boundary" doc:"The two ends are not in exactly the same boundaries."`
	Crossed         []string `cel:"crossed" doc:"Ids of the boundaries crossed (containing exactly one end)."`
	CrossedKinds    []string `cel:"crossed_kinds" doc:"Kinds of the boundaries crossed."`
	OverInternet    bool     `cel:"over_internet" doc:"Travels over the internet: an IP or global flow whose ends share no site, cloud or device boundary and are not both in one site operator's networks; when via is set, only if a via boundary is internet-exposed."`
	IntoVendor      bool     `cel:"into_vendor" doc:"Enters a vendor-operated element from one that is not."`
	ToThirdParty    bool     `cel:"to_third_party" doc:"Ends at a third-party-run element from one that is not."`
	FromThirdParty  bool     `cel:"from_third_party" doc:"Starts at a third-party-run element and ends at one that is not."`

	// Source and Destination point into Facts.Elements: copying the
	// element facts into every flow made them most of the memory facts
	// take on a large model.
	Source      *ElementFacts `cel:"source" doc:"Facts of the element the flow starts at."`
	Destination *ElementFacts `cel:"destination" doc:"Facts of the element the flow ends at."`
}

// BoundaryFacts describe one trust boundary. In CEL: `boundary`.
type BoundaryFacts struct {
	ID                string   `cel:"id" doc:"Boundary id."`
	Name              string   `cel:"name" doc:"Boundary name (the id when unnamed)."`
	Kind              string   `cel:"kind" doc:"Boundary kind."`
	Exposure          string   `cel:"exposure" doc:"internet, local, physical or none (from the kind)."`
	ControlledBy      string   `cel:"controlled_by" doc:"vendor, third-party, user, site-operator or nobody (from the kind)."`
	Within            []string `cel:"within" doc:"Enclosing boundary ids, innermost first."`
	Elements          int      `cel:"elements" doc:"Elements directly or indirectly inside."`
	ElementKinds      []string `cel:"element_kinds" doc:"Kinds of the elements inside."`
	FlowsIn           int      `cel:"flows_in" doc:"Flows entering from outside."`
	FlowsOut          int      `cel:"flows_out" doc:"Flows leaving to the outside."`
	UnencryptedIn     int      `cel:"unencrypted_in" doc:"Entering machine flows (not people's) without encryption."`
	UnauthenticatedIn int      `cel:"unauthenticated_in" doc:"Entering machine flows (not people's) without authentication."`
	RadioIn           int      `cel:"radio_in" doc:"Entering flows over radio."`
	HandledRank       int      `cel:"handled_classification" doc:"Highest classification stored or processed inside (-1 when nothing)."`
}

// SystemFacts describe the whole system. In CEL: `system`.
type SystemFacts struct {
	Name         string   `cel:"name" doc:"System name."`
	Criticality  string   `cel:"criticality" doc:"Declared criticality, or empty."`
	Deployment   int      `cel:"deployment" doc:"Deployed units (0 when unknown)."`
	Controls     []string `cel:"controls" doc:"Programme-level controls."`
	ElementKinds []string `cel:"element_kinds" doc:"Kinds of element present."`
	Elements     int      `cel:"elements" doc:"Number of elements."`
	Flows        int      `cel:"flows" doc:"Number of flows."`
	Personal     bool     `cel:"personal" doc:"The system handles personal or sensitive data."`
	ThirdParties int      `cel:"third_parties" doc:"Number of third-party-run elements."`
	Devices      int      `cel:"devices" doc:"Number of device and gateway elements."`
	Updatable    bool     `cel:"updatable" doc:"Some device or gateway has firmware_update manual or ota."`
	HasClients   bool     `cel:"has_clients" doc:"There is a mobile or web client."`
}

// DataFacts describe one data asset. In CEL: `data`.
type DataFacts struct {
	ID                 string `cel:"id" doc:"Data asset id."`
	Name               string `cel:"name" doc:"Data asset name (the id when unnamed)."`
	ClassificationRank int    `cel:"classification" doc:"Classification as a rank (internal when not set)."`
	IntegrityRank      int    `cel:"integrity" doc:"Integrity level as a rank (medium when not set)."`
	AvailabilityRank   int    `cel:"availability" doc:"Availability level as a rank (medium when not set)."`
	StoredBy           int    `cel:"stored_by" doc:"Elements that store it."`
	ProcessedBy        int    `cel:"processed_by" doc:"Elements that process it."`
	CarriedBy          int    `cel:"carried_by" doc:"Flows that carry it, and device setups (onboarding) that hand it over."`
	ThirdPartyStores   bool   `cel:"stored_by_third_party" doc:"A third-party-run element stores it."`
	Scope              string `cel:"scope" doc:"unit, account, fleet, or empty."`
}
