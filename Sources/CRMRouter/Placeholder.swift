// CRMRouter
