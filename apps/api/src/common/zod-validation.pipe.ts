import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { validationFailed } from './api-error';
import { parseWith } from './zod-problems';
import { zodSchemaOf } from './zod-schema.decorator';

/** The one validation pipe: bodies and queries typed with a @ZodSchema class are parsed strictly. */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = zodSchemaOf(metadata.metatype);
    if (!schema || (metadata.type !== 'body' && metadata.type !== 'query')) return value;
    const input = metadata.type === 'body' && value === undefined ? {} : value;
    const result = parseWith(schema, input);
    if (!result.ok) throw validationFailed(result.problems);
    return result.data;
  }
}
