package threagile

import "github.com/iotthreat/iotthreat/vocab"

// This file holds the tables that translate Threagile's enumerations into
// iotthreat's vocabulary. Each table lists every value Threagile 1.x
// accepts, so a value missing from a table is one Threagile itself would
// refuse (or one a later Threagile added).

// classifications maps Threagile's confidentiality scale (five steps) to
// iotthreat's classification scale. Threagile's scale says how secret,
// not what kind of data; iotthreat's steps above confidential name kinds
// (personal, special-category, keys and credentials) and set off the
// rules for them, so nothing Threagile rates lands there: restricted,
// confidential and strictly-confidential all become confidential, and a
// note marks the collapse and asks for the kind where one fits.
var classifications = map[string]string{
	"public":                "public",
	"internal":              "internal",
	"restricted":            "confidential",
	"confidential":          "confidential",
	"strictly-confidential": "confidential",
}

// levels maps Threagile's criticality scale (integrity, availability,
// business criticality; five steps) to iotthreat's four levels:
// mission-critical and critical both become critical.
var levels = map[string]string{
	"archive":          "low",
	"operational":      "medium",
	"important":        "high",
	"critical":         "critical",
	"mission-critical": "critical",
}

// likelihoods and impacts map a Threagile risk's exploitation ratings to
// iotthreat levels, step for step (both scales have four steps).
var likelihoods = map[string]string{
	"unlikely": "low", "likely": "medium", "very-likely": "high", "frequent": "critical",
}

var impacts = map[string]string{
	"low": "low", "medium": "medium", "high": "high", "very-high": "critical",
}

// severities maps Threagile's five-step risk severity to iotthreat's
// four levels; elevated (between medium and high) rounds up, as a
// reviewer would rather see it high than lose it among the mediums.
var severities = map[string]string{
	"low": "low", "medium": "medium", "elevated": "high", "high": "high", "critical": "critical",
}

// strides is Threagile's STRIDE vocabulary; the ids are iotthreat's too.
var strides = map[string]bool{
	"spoofing": true, "tampering": true, "repudiation": true, "information-disclosure": true,
	"denial-of-service": true, "elevation-of-privilege": true,
}

// statuses maps Threagile's risk-tracking status to iotthreat's
// tracking status. unchecked and in-discussion are both still open.
var statuses = map[string]string{
	"unchecked": "open", "in-discussion": "open", "accepted": "accepted",
	"in-progress": "in-progress", "mitigated": "mitigated", "false-positive": "false-positive",
}

// authentications maps a communication link's authentication to a flow's.
// Threagile's two-factor is a password plus a second factor (the mfa
// control on the receiving element); externalized means another
// component authenticates the caller and passes on a token.
var authentications = map[string]string{
	"none": "none", "credentials": "password", "session-id": "session", "token": "token",
	"client-certificate": "certificate", "two-factor": "password", "externalized": "token",
}

// authorizations are the values of a link's authorization; iotthreat has
// no such field, so each becomes a note.
var authorizations = map[string]string{
	"none":                          "no authorisation: whoever is authenticated may do everything",
	"technical-user":                "the receiver authorises a technical user (a service account), not the end user",
	"end-user-identity-propagation": "the end user's identity is propagated and the receiver authorises per user",
}

// boundaryKind is how a Threagile trust boundary type becomes a boundary
// kind. Inherit marks the types that subdivide what encloses them (a
// security group, an execution environment): nested, they take the kind
// of their enclosing boundary; alone, they take Kind.
type boundaryKind struct {
	Kind    string
	Inherit bool
	About   string // what the Threagile type is, for the note
}

var boundaryKinds = map[string]boundaryKind{
	"network-on-prem":                    {Kind: "corporate-network", About: "an on-premises network"},
	"network-dedicated-hoster":           {Kind: "vendor-cloud", About: "a network at a dedicated hoster"},
	"network-virtual-lan":                {Kind: "corporate-network", Inherit: true, About: "a virtual LAN"},
	"network-cloud-provider":             {Kind: "vendor-cloud", About: "a cloud provider's network"},
	"network-cloud-security-group":       {Kind: "vendor-cloud", Inherit: true, About: "a cloud security group"},
	"network-policy-namespace-isolation": {Kind: "vendor-cloud", Inherit: true, About: "a namespace isolated by network policy"},
	"execution-environment":              {Kind: "vendor-cloud", Inherit: true, About: "an execution environment (a host, a VM, a container runtime)"},
}

// Element kinds by Threagile technology, most fitting first: when the
// first cannot sit in the asset's trust boundary, the next that can is
// taken (a browser on a PC in the corporate network is a workstation).
var (
	clientBrowser = []string{"web-client", "workstation"}
	clientPC      = []string{"workstation"}
	server        = []string{"support-service"}
	store         = []string{"datastore"}
	pipeline      = []string{"build-pipeline"}
)

var technologies = map[string][]string{
	"unknown-technology": nil, // decided by type
	"client-system":      clientPC, "browser": clientBrowser, "desktop": clientPC,
	"mobile-app": {"mobile-client"}, "devops-client": clientPC,
	"web-server": server, "web-application": server, "application-server": server,
	"database": store, "file-server": store, "local-file-system": store,
	"erp": server, "cms": server, "web-service-rest": server, "web-service-soap": server, "ejb": server,
	"search-index": store, "search-engine": server, "service-registry": server,
	"reverse-proxy": server, "load-balancer": server,
	"build-pipeline": pipeline, "sourcecode-repository": pipeline, "artifact-registry": pipeline,
	"code-inspection-platform": pipeline,
	"monitoring":               server, "ldap-server": server, "container-platform": server,
	"batch-processing": server, "event-listener": server, "identity-provider": server,
	"identity-store-ldap": store, "identity-store-database": store,
	"tool": server, "cli": server, "threagile": server, "task": server, "function": server,
	"gateway":       server, // Threagile's gateway joins two systems (an API gateway), not a local IoT hub
	"iot-device":    {"device"},
	"message-queue": store, "stream-processing": server, "service-mesh": server,
	"data-lake": store, "big-data-platform": store, "report-engine": server, "ai": server,
	"mail-server": server, "vault": server, "hsm": {"signing-service"},
	"waf": server, "ids": server, "ips": server, "scheduler": server, "mainframe": server,
	"block-storage": store, "library": server,
}

// typeKinds decides the kind when the technology does not.
var typeKinds = map[string][]string{
	"external-entity": {"third-party-service"},
	"process":         server,
	"datastore":       store,
}

// serverKinds are the kinds that an external entity's server-side
// technology turns into third-party-service: another company runs it.
var serverKinds = map[string]bool{
	"support-service": true, "datastore": true, "build-pipeline": true, "signing-service": true,
}

// protocol is where a Threagile protocol lands: an iotthreat protocol id
// and the encryption the Threagile name implies. Family names the
// protocols whose iotthreat id depends on the target (SQL and NoSQL
// access: the database product).
type protocol struct {
	ID     string
	Enc    string
	Family string
	Note   string
}

var protocols = map[string]protocol{
	"unknown-protocol":                     {ID: "unknown-protocol", Enc: "none", Note: "Threagile's protocol is unknown-protocol: declare the real one"},
	"http":                                 {ID: "http", Enc: "none"},
	"https":                                {ID: "https", Enc: "tls"},
	"ws":                                   {ID: "websocket", Enc: "none"},
	"wss":                                  {ID: "websocket", Enc: "tls"},
	"reverse-proxy-web-protocol":           {ID: "http", Enc: "none", Note: "Threagile's reverse-proxy-web-protocol, taken as plain HTTP"},
	"reverse-proxy-web-protocol-encrypted": {ID: "https", Enc: "tls", Note: "Threagile's reverse-proxy-web-protocol-encrypted, taken as HTTPS"},
	"mqtt":                                 {ID: "mqtt", Enc: "none", Note: "Threagile's mqtt does not say whether TLS is used and Threagile rates it unencrypted; so does this import: set encryption: tls if it is"},
	"jdbc":                                 {Family: "sql", Enc: "none"},
	"jdbc-encrypted":                       {Family: "sql", Enc: "tls"},
	"odbc":                                 {Family: "sql", Enc: "none"},
	"odbc-encrypted":                       {Family: "sql", Enc: "tls"},
	"sql-access-protocol":                  {Family: "sql", Enc: "none"},
	"sql-access-protocol-encrypted":        {Family: "sql", Enc: "tls"},
	"nosql-access-protocol":                {Family: "nosql", Enc: "none"},
	"nosql-access-protocol-encrypted":      {Family: "nosql", Enc: "tls"},
	"binary":                               {ID: "binary", Enc: "none"},
	"binary-encrypted":                     {ID: "binary", Enc: "app"},
	"text":                                 {ID: "text", Enc: "none"},
	"text-encrypted":                       {ID: "text", Enc: "app"},
	"ssh":                                  {ID: "ssh", Enc: "app"},
	"ssh-tunnel":                           {ID: "ssh", Enc: "app", Note: "Threagile's ssh-tunnel: SSH carrying other traffic"},
	"smtp":                                 {ID: "smtp", Enc: "none"},
	"smtp-encrypted":                       {ID: "smtp", Enc: "tls"},
	"pop3":                                 {ID: "pop3", Enc: "none"},
	"pop3-encrypted":                       {ID: "pop3", Enc: "tls"},
	"imap":                                 {ID: "imap", Enc: "none"},
	"imap-encrypted":                       {ID: "imap", Enc: "tls"},
	"ftp":                                  {ID: "ftp", Enc: "none"},
	"ftps":                                 {ID: "ftp", Enc: "tls"},
	"sftp":                                 {ID: "ssh", Enc: "app", Note: "Threagile's sftp: file transfer over SSH"},
	"scp":                                  {ID: "ssh", Enc: "app", Note: "Threagile's scp: file copy over SSH"},
	"ldap":                                 {ID: "ldap", Enc: "none"},
	"ldaps":                                {ID: "ldap", Enc: "tls"},
	"jms":                                  {ID: "jms", Enc: "none"},
	"nfs":                                  {ID: "nfs", Enc: "none"},
	"smb":                                  {ID: "smb", Enc: "none"},
	"smb-encrypted":                        {ID: "smb", Enc: "app"},
	"local-file-access":                    {ID: "local-file-access", Enc: "none"},
	"nrpe":                                 {ID: "nrpe", Enc: "none"},
	"xmpp":                                 {ID: "xmpp", Enc: "none"},
	"iiop":                                 {ID: "iiop", Enc: "none"},
	"iiop-encrypted":                       {ID: "iiop", Enc: "tls"},
	"jrmp":                                 {ID: "jrmp", Enc: "none"},
	"jrmp-encrypted":                       {ID: "jrmp", Enc: "tls"},
	"in-process-library-call":              {ID: "in-process-library-call", Enc: "none"},
	"container-spawning":                   {ID: "container-spawning", Enc: "none"},
}

// extensionProtocols are the protocols iotthreat's vocabulary lacks,
// declared in the imported model's vocabulary: section when a flow uses
// them. Their encryption and authentication lists are empty (any value),
// since Threagile says nothing of what they can carry.
var extensionProtocols = map[string]vocab.Protocol{
	"unknown-protocol":        ext("unknown-protocol", "Unknown protocol", "A protocol the Threagile model did not name.", "ip", "global"),
	"sql":                     ext("sql", "SQL database access", "Access to a relational database of an unnamed product (JDBC, ODBC or its own wire protocol).", "ip", "global"),
	"nosql":                   ext("nosql", "NoSQL database access", "Access to a NoSQL database of an unnamed product.", "ip", "global"),
	"binary":                  ext("binary", "Other binary protocol", "A binary protocol the Threagile model did not name.", "ip", "global"),
	"text":                    ext("text", "Other text protocol", "A text protocol the Threagile model did not name.", "ip", "global"),
	"smtp":                    ext("smtp", "SMTP", "Mail transfer (sending); STARTTLS or implicit TLS when encrypted.", "ip", "global"),
	"pop3":                    ext("pop3", "POP3", "Mail fetching; TLS when encrypted.", "ip", "global"),
	"imap":                    ext("imap", "IMAP", "Mail synchronisation; TLS when encrypted.", "ip", "global"),
	"ldap":                    ext("ldap", "LDAP", "Lightweight Directory Access Protocol: user directories; LDAPS or StartTLS when encrypted.", "ip", "global"),
	"jms":                     ext("jms", "JMS", "Jakarta Messaging between Java applications and a message broker.", "ip", "global"),
	"nfs":                     ext("nfs", "NFS", "Network File System shares.", "ip", "global"),
	"smb":                     ext("smb", "SMB", "Server Message Block file shares; SMB 3 can encrypt.", "ip", "global"),
	"nrpe":                    ext("nrpe", "NRPE", "Nagios Remote Plugin Executor: a monitoring server runs checks on a host.", "ip", "global"),
	"iiop":                    ext("iiop", "IIOP", "Internet Inter-ORB Protocol (CORBA).", "ip", "global"),
	"jrmp":                    ext("jrmp", "JRMP", "Java Remote Method Protocol (Java RMI).", "ip", "global"),
	"local-file-access":       ext("local-file-access", "Local file access", "Files read and written on the same host: no network.", "wired", "body"),
	"in-process-library-call": ext("in-process-library-call", "In-process library call", "A call into a library in the same process: no network.", "wired", "body"),
	"container-spawning":      ext("container-spawning", "Container spawning", "A container platform starting a container on the same host.", "wired", "body"),
}

func ext(id, name, description, medium, rng string) vocab.Protocol {
	return vocab.Protocol{ID: id, Name: name, Description: description, Medium: medium, Range: rng}
}

// databaseProducts picks the database protocol of a SQL or NoSQL link
// from words in the target's tags, technology or name (mysql, postgres,
// mongodb, redis); the first match wins.
var databaseProducts = []struct{ Family, Word, ID string }{
	{"sql", "postgres", "postgresql"},
	{"sql", "mysql", "mysql"},
	{"sql", "mariadb", "mysql"},
	{"nosql", "mongo", "mongodb"},
	{"nosql", "redis", "redis"},
}
