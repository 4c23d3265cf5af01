//! A Coupa Core REST API simulator: OAuth, paging, `fields`, XML, rate limits, faults.
//! It shares nothing with the gateway but the documented wire format.
