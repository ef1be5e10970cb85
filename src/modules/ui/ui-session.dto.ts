import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UiActorDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional() name?: string;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiPropertyOptional() locationId?: string;
  @ApiPropertyOptional() terminalId?: string;
}

/** What a page knows when it starts, embedded in it and answered by GET session; the pages' own type is generated from this schema. */
export class UiSessionDto {
  @ApiProperty({ type: () => UiActorDto }) actor: UiActorDto;
  @ApiProperty({ nullable: true, type: String, example: 'sv-SE', description: 'The host’s locale as the sign-in token gave it.' }) locale: string | null;
  @ApiProperty({ description: 'Sent back in X-Regulars-CSRF with every call of the page.' }) csrfToken: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'Europe/Stockholm' }) timeZone: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
