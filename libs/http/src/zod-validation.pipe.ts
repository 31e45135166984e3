import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** `a.b[0].c: message; d: message` — every problem, with where it is. */
export function describeIssues(error: z.ZodError, root?: string): string {
  return error.issues
    .map((issue) => {
      const path = [root, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
        .filter((p) => p !== undefined && p !== '')
        .join('.')
        .replace(/\.\[/g, '[');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Validates and converts one input (body, query, params) with a zod schema; 400 otherwise. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(
    private readonly schema: T,
    private readonly root?: string,
  ) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new BadRequestException(describeIssues(result.error, this.root));
    return result.data;
  }
}
