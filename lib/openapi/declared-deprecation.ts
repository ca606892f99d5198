import type { NormalisedSpec, SpecOperation } from './spec-model';

type Lifecycle = Partial<Pick<NormalisedSpec, 'retired' | 'sunset'>>;

/**
 * The spec deprecates the operation: `deprecated: true` (or a lifecycle key, or the API deprecated as a whole, which
 * normalise-spec.ts folds into it), the API retired, or a sunset date on the operation, its path item or the API.
 * A sunset declares the deprecation as the `Deprecation` header does: the operation is going away.
 */
export function declaresDeprecation(spec: Lifecycle, op: Pick<SpecOperation, 'deprecated' | 'sunset'>): boolean {
  return op.deprecated || spec.retired === true || (op.sunset ?? spec.sunset) !== undefined;
}

/**
 * The sunset of an operation deprecated by its date alone (no `deprecated: true`, the API not retired): announced,
 * its calls documented until the date and zombie calls from it (classify.ts zombieReasons); undefined otherwise.
 */
export function announcedSunset(spec: Lifecycle, op: Pick<SpecOperation, 'deprecated' | 'sunset'>): string | undefined {
  return op.deprecated || spec.retired === true ? undefined : (op.sunset ?? spec.sunset);
}
