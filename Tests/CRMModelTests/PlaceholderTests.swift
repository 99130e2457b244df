import Testing

@Test func placeholderCRMModelTests() {}
