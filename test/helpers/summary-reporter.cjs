// Prints one plain closing line, "N passed, N failed, N skipped", that any CI log reader understands.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const {numPassedTests: p, numFailedTests: f, numPendingTests: s, numTodoTests: t} = results
    process.stdout.write(`\nbenchdb: ${p} passed, ${f} failed, ${s + t} skipped\n`)
  }
}
module.exports = SummaryReporter
