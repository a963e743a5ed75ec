package threatdragon

import "strings"

// Threat Dragon has three kinds of shape (actor, process, store) where
// iotthreat has a dozen element kinds, and boxes without a kind where
// iotthreat has ten boundary kinds. The importer guesses from names and
// says so in a note on every guess; these word lists are the guesses.

var (
	browserWords  = set("browser", "chrome", "firefox", "safari", "edge")
	mobileWords   = set("mobile", "phone", "android", "ios", "iphone", "smartphone", "tablet")
	deviceWords   = set("device", "devices", "sensor", "sensors", "iot", "thermostat", "camera", "lock", "firmware", "embedded", "controller", "plc", "meter", "appliance", "wearable", "actuator", "microcontroller", "mcu")
	gatewayWords  = set("gateway", "hub", "bridge", "router")
	externalWords = set("external", "third", "partner", "vendor", "blockchain", "bank", "payment", "social", "weather", "provider", "saas", "cdn", "google", "facebook", "twitter", "stripe", "paypal", "twilio", "exchange")
	personWords   = set("user", "users", "admin", "administrator", "customer", "operator", "person", "people", "owner", "member", "guest", "employee", "staff", "attacker", "actor", "human", "installer", "support", "developer", "visitor", "client")
)

// guessActor picks the element kind of a Threat Dragon actor (an
// external entity: a person or another system).
func guessActor(name string, outOfScope bool) (kind, why string) {
	switch {
	case hasWord(name, browserWords):
		return "web-client", "the name says it is a browser"
	case hasWord(name, mobileWords, "mobile app"):
		return "mobile-client", "the name says it is a phone app"
	case hasWord(name, personWords):
		return "user", "Threat Dragon actors are external entities; the name reads as a person"
	case hasWord(name, externalWords) || outOfScope:
		return "third-party-service", "Threat Dragon actors are external entities; the name reads as another company's system"
	}
	return "user", "Threat Dragon actors are external entities, most often people"
}

// guessProcess picks the element kind of a Threat Dragon process.
func guessProcess(name, description string) (kind, why string) {
	text := name + " " + description
	switch {
	case hasWord(name, browserWords):
		return "web-client", "the name says it is a browser"
	case hasWord(name, mobileWords, "mobile app"):
		return "mobile-client", "the name says it is a phone app"
	case hasWord(text, gatewayWords):
		return "gateway", "the name or description says gateway, hub or bridge"
	case hasWord(text, deviceWords):
		return "device", "the name or description says device, sensor or IoT"
	case hasWord(name, externalWords):
		return "third-party-service", "the name reads as another company's service"
	}
	return "support-service", "a Threat Dragon process is taken for a back-end service"
}

// boundaryPreference orders the boundary kinds tried when the kind
// guessed from a box's name cannot hold what the box holds.
var boundaryPreference = []string{"vendor-cloud", "internet", "local-network", "corporate-network", "ot-network",
	"third-party-cloud", "physical", "radio-network", "mobile-device", "browser"}

// guessBoundary picks a boundary kind from a box's name.
func guessBoundary(name string) (kind, why string) {
	low := strings.ToLower(name)
	switch {
	case hasWord(low, set("internet", "public", "wan", "www")):
		return "internet", "the name says internet or public"
	case hasWord(low, set("browser")):
		return "browser", "the name says browser"
	case hasWord(low, set("phone", "mobile", "smartphone", "tablet")):
		return "mobile-device", "the name says phone or mobile"
	case hasWord(low, set("third", "partner", "external", "saas")):
		return "third-party-cloud", "the name says third party or external"
	case hasWord(low, set("cloud", "aws", "azure", "gcp", "datacenter", "backend", "server", "servers", "dmz", "vpc", "private", "secured", "production", "kubernetes", "cluster")):
		return "vendor-cloud", "the name reads as the vendor's back end"
	case hasWord(low, set("ot", "plant", "scada", "industrial", "factory", "ics")):
		return "ot-network", "the name reads as an industrial network"
	case hasWord(low, set("corporate", "enterprise", "office", "intranet", "corp")):
		return "corporate-network", "the name reads as an office network"
	case hasWord(low, set("zigbee", "zwave", "thread", "ble", "bluetooth", "radio", "mesh", "lora", "lorawan")):
		return "radio-network", "the name names a radio network"
	case hasWord(low, set("device", "enclosure", "hardware", "chip", "board", "physical")):
		return "physical", "the name reads as a device's enclosure"
	case hasWord(low, set("home", "lan", "local", "wifi", "site", "network", "house", "building")):
		return "local-network", "the name reads as a site network"
	}
	return "vendor-cloud", "Threat Dragon boxes have no kind and the name does not suggest one"
}

// processFallbacks are the kinds tried, in order, for a process whose
// guessed kind may not sit in its box.
var processFallbacks = []string{"support-service", "device", "gateway", "workstation", "third-party-service", "web-client", "mobile-client"}

// storeFallbacks are those for a store.
var storeFallbacks = []string{"datastore", "device", "mobile-client", "web-client"}
