/**
 * A document that passed its adapter's schema but breaks a rule a schema cannot say (a custom
 * metric without a direction, a unit that does not convert). Thrown by a mapper; the classifier
 * rejects the file with this pointer and expectation, exactly like a schema failure.
 */
export class MappingError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
    readonly expected: string,
  ) {
    super(message)
    this.name = 'MappingError'
  }
}
