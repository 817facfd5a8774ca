import { Injectable, type ArgumentMetadata } from '@nestjs/common';
import { ZodValidationException, ZodValidationPipe } from 'nestjs-zod';
import { NotFoundError } from '../errors/domain-error.js';

/**
 * The global zod pipe (bodies, queries and path parameters against the
 * contracts), with one difference: a path parameter that fails its schema (an
 * id that is not a UUID, a provider that does not exist) answers 404
 * `not_found`, as an unknown one does. A path that names nothing is not found;
 * a 400 with field details would have a dashboard ask the person to correct a
 * form they never saw.
 */
@Injectable()
export class AppValidationPipe extends ZodValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    try {
      return super.transform(value, metadata);
    } catch (e) {
      if (metadata.type === 'param' && e instanceof ZodValidationException) throw new NotFoundError('Resource');
      throw e;
    }
  }
}
