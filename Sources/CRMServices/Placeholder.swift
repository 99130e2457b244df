// CRMServices
