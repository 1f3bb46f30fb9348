print("tierledger")
