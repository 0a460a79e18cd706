/// The object types that need no API server live in `KubernetesModel`, so the pure reconciler can use them
/// without the HTTP client; every user of this module sees them as before.
@_exported import KubernetesModel
