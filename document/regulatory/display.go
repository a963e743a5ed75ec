package regulatory

// StatusColumns are the statuses the document's summary counts, in the
// order its table shows them: the support values for the conformance
// statement, the requirement statuses (worst first) otherwise. The HTML
// and PDF writers use it so that every format has the same columns.
func (d *Document) StatusColumns() []string { return statusColumns(d) }

// StatusLegend says in a few sentences what each status of the summary
// means, as every format of the document prints it under the table.
func (d *Document) StatusLegend() string { return statusLegend(d) }

// MaxShownAssets is the most assets of one EN 18031 part whose decisions
// the HTML and PDF forms write out, in the part's order; they say how
// many more there are. Every asset is decided and counted, and the
// Markdown, JSON and XLSX forms hold them all: a model of a thousand
// elements has hundreds of network assets, and a page or a PDF of every
// one of them (two thousand pages) is not read.
const MaxShownAssets = 50
