package otm

import (
	"slices"
	"strings"
)

// OTM component types and trust-zone types are free text: each tool
// writes its own catalogue ids (web-service, CD-MICROSOFT-AZURE-DB-POSTGRESQL,
// ec2, a trust zone's UUID). The importer maps them to iotthreat's kinds by
// the words they contain, trying the type first and the name second, and
// says in a note how it decided.

// kindRule maps types containing one of words to an element kind.
type kindRule struct {
	kind  string
	words []string
}

// elementRules are tried in order; the first whose word occurs wins. A
// word matches a whole word of the type ("db" in "azure-db-postgresql")
// or, when longer than four letters, part of one ("postgresql" in
// "cd-azure-postgresqlserver").
var elementRules = []kindRule{
	{"mobile-client", []string{"android", "ios", "iphone", "mobile", "phone", "tablet", "smartphone"}},
	{"web-client", []string{"web-client", "browser", "spa", "frontend", "front-end", "webclient"}},
	{"user", []string{"user", "users", "actor", "person", "human", "customer", "admin", "administrator", "operator", "employee"}},
	{"gateway", []string{"gateway-device", "iot-gateway", "hub", "edge-gateway", "bridge"}},
	{"device", []string{"iot", "device", "sensor", "embedded", "firmware", "plc", "thermostat", "camera", "meter", "wearable", "controller", "microcontroller"}},
	{"build-pipeline", []string{"jenkins", "pipeline", "ci", "cicd", "git", "github", "gitlab", "repository", "artifact", "registry"}},
	{"signing-service", []string{"hsm", "kms", "signing", "pki", "certificate-authority"}},
	{"datastore", []string{"database", "db", "datastore", "data-store", "store", "storage", "rds", "dynamodb", "s3", "bucket", "sql",
		"postgresql", "postgres", "mysql", "mariadb", "mongodb", "mongo", "redis", "nosql", "cassandra", "elasticsearch", "queue",
		"sqs", "sns", "kafka", "blob", "cosmos", "filesystem", "file-share", "efs", "cache", "key-value"}},
	{"third-party-service", []string{"third-party", "external", "saas", "partner", "generic-client", "social", "payment"}},
	{"support-service", []string{"web-service", "service", "api", "server", "application", "app", "backend", "lambda", "function",
		"container", "docker", "ecs", "ec2", "kubernetes", "k8s", "vm", "virtual-machine", "load-balancer", "loadbalancer",
		"balancer", "cognito", "identity", "auth", "idp", "microservice", "worker", "cloudfront", "cdn", "proxy", "waf", "broker",
		"mqtt", "iot-core", "apigateway", "api-gateway"}},
}

// words splits a type or name into lower-case words, and also keeps
// each run of words joined by hyphens, so that "api-gateway" matches both
// "api" and "api-gateway".
func words(s string) []string {
	parts := lowerWords(s)
	out := append([]string(nil), parts...)
	for i := 0; i+1 < len(parts); i++ {
		out = append(out, parts[i]+"-"+parts[i+1])
		if i+2 < len(parts) {
			out = append(out, parts[i]+"-"+parts[i+1]+"-"+parts[i+2])
		}
	}
	return out
}

// headWords are the words of words(s) that end with its last word
// ("admin" and "database-admin" of "Database Admin"): in English the last
// word says what a thing is and those before it describe it.
func headWords(s string) []string {
	parts := lowerWords(s)
	n := len(parts)
	var out []string
	for i := max(n-3, 0); i < n; i++ {
		out = append(out, strings.Join(parts[i:], "-"))
	}
	return out
}

// lowerWords splits s into lower-case runs of ASCII letters and digits.
func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// matches says whether one of want occurs in ws, as a whole word or,
// when parts is set, as part of one (for tool types such as
// "cd-azure-postgresqlserver"; names are matched by whole words only, as
// "customer" in "CustomerDatabase" does not make a person).
func matches(ws []string, want []string, parts bool) bool {
	for _, w := range want {
		for _, x := range ws {
			if x == w || parts && len(w) > 4 && !strings.Contains(w, "-") && strings.Contains(x, w) {
				return true
			}
		}
	}
	return false
}

// guessElement picks the element kind of a component. known is false
// when neither the type nor the name suggested a kind; the kind is then
// support-service, the kind that assumes least about the component.
func guessElement(typ, name string) (kind, why string, known bool) {
	tw := words(typ)
	for _, r := range elementRules {
		if matches(tw, r.words, true) {
			return r.kind, "from its OTM type " + quote(typ), true
		}
	}
	nw, head := words(name), headWords(name)
	for _, r := range elementRules {
		ws := nw
		if r.kind == "user" {
			ws = head // "Customer Database", "Admin Portal": a person word that describes something else
		}
		if matches(ws, r.words, false) {
			return r.kind, "from its name, as its OTM type " + quote(typ) + " says nothing iotthreat knows", true
		}
	}
	return "support-service", "its OTM type " + quote(typ) + " and its name say nothing iotthreat knows; taken for a back-end service", false
}

// IriusRisk's trust-zone catalogue ids, which StartLeft and IriusRisk
// write as a zone's type.
var zoneUUIDs = map[string]string{
	"f0ba7722-39b6-4c81-8290-a30a248bb8d9": "internet",     // Internet
	"2ab4effa-40b7-4cd2-ba81-8247d29a6f2d": "vendor-cloud", // Private Secured
	"b61d6911-338d-46a8-9f39-8dcd24abfe91": "vendor-cloud", // Public Cloud: the vendor's own cloud account
}

// zoneRules map a trust zone's type or name words to a boundary kind.
var zoneRules = []kindRule{
	{"internet", []string{"internet", "public", "wan", "www", "external-network", "untrusted"}},
	{"browser", []string{"browser"}},
	{"mobile-device", []string{"phone", "mobile", "smartphone", "tablet"}},
	{"third-party-cloud", []string{"third-party", "third", "partner", "saas", "external"}},
	{"ot-network", []string{"ot", "plant", "scada", "industrial", "factory", "ics"}},
	{"corporate-network", []string{"corporate", "enterprise", "office", "intranet", "corp"}},
	{"radio-network", []string{"zigbee", "zwave", "thread", "ble", "bluetooth", "radio", "mesh", "lora", "lorawan"}},
	{"physical", []string{"physical", "enclosure", "hardware", "device", "chip", "board"}},
	{"local-network", []string{"home", "lan", "local", "wifi", "site", "house", "building", "on-premise", "on-prem", "onprem"}},
	{"vendor-cloud", []string{"cloud", "private", "secured", "aws", "azure", "gcp", "datacenter", "data-center", "backend",
		"server", "vpc", "production", "sandbox", "kubernetes", "cluster", "trusted", "internal"}},
}

// guessZone picks the boundary kind of a trust zone from its type, its
// name and, failing both, its trust rating when the file's zones differ
// in rating (StartLeft writes 10 for every zone, which says nothing).
func guessZone(z *zone, ratingsVary bool) (kind, why string) {
	if k, ok := zoneUUIDs[strings.ToLower(z.typ)]; ok {
		return k, "from its OTM type, IriusRisk's trust-zone id " + z.typ
	}
	// "public cloud" is a cloud, not the internet.
	for _, src := range []struct{ text, what string }{{z.typ, "OTM type"}, {z.name, "name"}} {
		ws := words(src.text)
		if slices.Contains(ws, "public-cloud") {
			return "vendor-cloud", "from its " + src.what + " " + quote(src.text) + " (a public cloud account)"
		}
		for _, r := range zoneRules {
			if matches(ws, r.words, false) {
				return r.kind, "from its " + src.what + " " + quote(src.text)
			}
		}
	}
	if ratingsVary && z.hasTrust && z.trust <= 30 {
		return "internet", "from its low trust rating, as its type and name say nothing iotthreat knows"
	}
	return "vendor-cloud", "its type and name say nothing iotthreat knows; taken for the vendor's own back end"
}

// boundaryPreference orders the boundary kinds tried when the guessed
// kind cannot hold what the zone holds: nearest in exposure to the most
// common guesses first.
var boundaryPreference = []string{"vendor-cloud", "internet", "browser", "mobile-device", "third-party-cloud",
	"local-network", "corporate-network", "ot-network", "radio-network", "physical"}

// unknownFallbacks are the kinds tried, in order, for a component whose
// kind was not recognised and whose zone does not take a back-end service.
var unknownFallbacks = []string{"support-service", "datastore", "device", "workstation", "third-party-service", "user"}

func quote(s string) string {
	if s == "" {
		return `""`
	}
	return `"` + s + `"`
}
