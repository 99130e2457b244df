// CRMModel
