package rules_test

// minRules is the smallest library the product ships with.
const minRules = 120
