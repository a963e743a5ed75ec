package tm7

import (
	"strings"

	"github.com/iotthreat/iotthreat/interchange/internal/text"
)

// The tool's shapes say what they are in three ways: a generic type
// (process, external interactor, data store), a stencil from a template
// ("Browser Client", "Azure Postgres DB", "IoT Field Gateway") and a
// name. iotthreat has a dozen element kinds and ten boundary kinds, so
// the importer guesses from the stencil and the name, and notes every
// guess. These word lists are the guesses.
var (
	browserWords = text.WordSet("browser")
	mobileWords  = text.WordSet("mobile", "phone", "android", "ios", "iphone", "smartphone", "tablet")
	deviceWords  = text.WordSet("device", "devices", "iot", "sensor", "sensors", "thermostat", "camera", "firmware", "embedded",
		"controller", "plc", "meter", "appliance", "wearable", "actuator", "microcontroller", "mcu")
	gatewayWords = text.WordSet("gateway", "hub", "bridge")
	personWords  = text.WordSet("user", "users", "human", "person", "people", "admin", "administrator", "operator", "customer",
		"owner", "employee", "staff", "attacker", "installer", "developer", "visitor")
)

// describe is the text a kind is guessed from: the name, the stencil's
// display name and its type id.
func describe(it *item) string {
	return it.name + " " + it.stencil + " " + strings.TrimPrefix(it.typeID, "SE.")
}

// guessProcess picks the element kind of a process.
func guessProcess(it *item) (kind, why string) {
	text := describe(it)
	switch {
	case anyWord(text, browserWords):
		return "web-client", "the stencil or name says browser"
	case anyWord(text, mobileWords):
		return "mobile-client", "the stencil or name says mobile"
	case anyWord(text, gatewayWords):
		return "gateway", "the stencil or name says gateway, hub or bridge"
	case anyWord(text, deviceWords):
		return "device", "the stencil or name says device, IoT or sensor"
	}
	return "support-service", "a Threat Modeling Tool process is taken for a back-end service"
}

// guessExternal picks the element kind of an external interactor: a
// person, a device the stencil names, or another company's system. A
// person is only kept when every flow allows one (see fitPeople).
func guessExternal(it *item) (kind, why string) {
	text := describe(it)
	switch {
	case anyWord(text, gatewayWords) && anyWord(text, deviceWords):
		return "gateway", "the stencil or name says an IoT gateway"
	case anyWord(text, deviceWords):
		return "device", "the stencil or name says device, IoT or sensor"
	case anyWord(it.name+" "+it.stencil, personWords):
		return "user", "an external interactor whose stencil or name reads as a person"
	case anyWord(text, mobileWords) || anyWord(text, browserWords):
		return "third-party-service", "a Threat Modeling Tool external interactor is outside the system modelled; " +
			"if it is your own app, make it a mobile-client or web-client in a mobile-device or browser boundary"
	}
	return "third-party-service", "a Threat Modeling Tool external interactor is taken for a system outside your control"
}

// boundaryPreference orders the boundary kinds tried when the kind a
// box's name suggests cannot hold what the box holds.
var boundaryPreference = []string{"vendor-cloud", "internet", "local-network", "corporate-network", "ot-network",
	"third-party-cloud", "physical", "radio-network", "mobile-device", "browser"}

// guessBoundary picks a boundary kind from a box's name and stencil.
func guessBoundary(it *item) (kind, why string) {
	for _, s := range []string{it.name, it.stencil + " " + strings.TrimPrefix(it.typeID, "SE.")} {
		switch {
		case anyWord(s, text.WordSet("internet", "public", "wan", "www", "remote")):
			return "internet", "the name or stencil says internet, public or remote"
		case anyWord(s, text.WordSet("browser")):
			return "browser", "the name or stencil says browser"
		case anyWord(s, text.WordSet("phone", "mobile", "smartphone", "tablet")):
			return "mobile-device", "the name or stencil says phone or mobile"
		case anyWord(s, text.WordSet("third", "partner", "external", "saas")):
			return "third-party-cloud", "the name or stencil says third party or external"
		case anyWord(s, text.WordSet("cloud", "azure", "aws", "gcp", "datacenter", "backend", "server", "dmz", "vpc", "private",
			"production", "sandbox", "kubernetes", "cluster", "subscription", "service")):
			return "vendor-cloud", "the name or stencil reads as the vendor's back end"
		case anyWord(s, text.WordSet("ot", "plant", "scada", "industrial", "factory", "ics")):
			return "ot-network", "the name or stencil reads as an industrial network"
		case anyWord(s, text.WordSet("corporate", "enterprise", "office", "intranet", "corp")):
			return "corporate-network", "the name or stencil reads as an office network"
		case anyWord(s, text.WordSet("zigbee", "zwave", "ble", "bluetooth", "radio", "mesh", "lora", "lorawan")):
			return "radio-network", "the name or stencil names a radio network"
		case anyWord(s, text.WordSet("device", "enclosure", "hardware", "physical", "machine")):
			return "physical", "the name or stencil reads as a device's enclosure"
		case anyWord(s, text.WordSet("home", "lan", "local", "wifi", "site", "house", "building")):
			return "local-network", "the name or stencil reads as a site network"
		}
	}
	return "vendor-cloud", "the name and stencil do not suggest a kind"
}

// fallbacks are the kinds tried, in order, for an element whose guessed
// kind may not sit in the box it is drawn in.
var fallbacks = map[string][]string{
	gProcess:  {"support-service", "device", "gateway", "workstation", "web-client", "mobile-client"},
	gExternal: {"third-party-service", "workstation", "device"},
	gStore:    {"datastore", "device", "mobile-client", "web-client"},
}

// protocolAliases maps words of a flow's stencil, type id or name
// (lower-case, letters and digits only) to protocol ids.
var protocolAliases = map[string]string{
	"https": "https", "http": "http", "tls": "https", "ssl": "https", "ws": "websocket", "websocket": "websocket",
	"wss": "websocket", "mqtt": "mqtt", "mqtts": "mqtt", "amqp": "amqp", "amqps": "amqp", "coap": "coap",
	"grpc": "grpc", "ssh": "ssh", "sftp": "ssh", "ftp": "ftp", "bluetooth": "ble", "ble": "ble", "zigbee": "zigbee",
	"lorawan": "lorawan", "modbus": "modbus-tcp", "opcua": "opc-ua",
}
