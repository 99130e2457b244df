import Testing

@Test func placeholderCRMServerTests() {}
