/// Dictionaries with `String` keys, whose keys are written sorted so that output is stable.
protocol StringKeyedDictionary {}

extension Dictionary: StringKeyedDictionary where Key == String {}
