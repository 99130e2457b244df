import Testing

@Test func placeholderCRMRouterTests() {}
