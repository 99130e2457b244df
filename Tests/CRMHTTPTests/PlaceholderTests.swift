import Testing

@Test func placeholderCRMHTTPTests() {}
