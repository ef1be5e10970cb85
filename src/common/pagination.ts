import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from './validation/decorators.js';
import { RegularsError } from './errors/regulars-error.js';

/**
 * Keyset pagination: the cursor is the last id of the page (ids sort by creation), so a
 * page costs one index range scan however deep it is, and rows added meanwhile never
 * shift what the next page shows.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{1,4}_[0-9A-Z]{26}$/.test(id)) {
    throw new RegularsError('bad_cursor', 'cursor: is not a cursor this API gave out');
  }
  return id;
}

/** Builds a page from `limit + 1` rows fetched in id order. */
export function pageOf<T extends { id: string }, R>(rows: T[], limit: number, present: (row: T) => R): Page<R> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(present), nextCursor: more ? encodeCursor(items[items.length - 1].id) : null };
}
