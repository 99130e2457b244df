// CRMStore
