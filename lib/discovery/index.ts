export { createDiscoveryEngine, type DiscoveryEngine, type DiscoveryOptions } from './discovery-engine';
export { addExchange, createObservationStore, type ObservationStore, type MatchedObservation, type UnmatchedObservation } from './observe';
export { templatePaths, type TemplatedEndpoint, type TemplateOptions } from './templating';
export * from './classify';
export { findingSchema, type Finding } from './findings';
export { endpointEvidenceSchema, EvidenceAccumulator, type EndpointEvidence } from './evidence';
export { pathOverrideSchema, pathOverridesSchema, type PathOverride } from './overrides';
export { detectSegmentType, type SegmentType } from './segment-types';
export { detectSensitiveData, buildDetectors, detectorConfigSchema, DEFAULT_DETECTORS, type SensitiveDetector, type DetectorConfig } from './sensitive-data';
