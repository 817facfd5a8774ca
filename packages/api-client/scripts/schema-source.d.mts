/** The TypeScript source openapi-typescript makes of a document. */
export function generateSchemaSource(documentPath: string): Promise<string>;
