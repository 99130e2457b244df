import Testing

@Test func placeholderCRMStoreTests() {}
