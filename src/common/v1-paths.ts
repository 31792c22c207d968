/** Paths of /v1 resources in a scope: `/v1/...` for the default service, `/v1/Services/{IS}/...` otherwise. */
export function v1Path(scope: { scoped: boolean; serviceSid: string }, ...segments: string[]): string {
  return (scope.scoped ? `/v1/Services/${scope.serviceSid}/` : '/v1/') + segments.join('/');
}
