import { Body, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { UnitOfWork } from '../../common/database/unit-of-work.js';
import { RegularsError } from '../../common/errors/regulars-error.js';
import { LANGUAGES, type Language } from '../../common/languages.js';
import { RegularsController } from '../../common/regulars-controller.decorator.js';
import { CurrentActor, type RequestActor } from '../../common/security/request-actor.js';
import { ActorSigned } from '../../common/security/signed.decorators.js';
import { GUEST_MESSAGE_KINDS, type GuestMessageKind } from '../../common/guest-messages.js';
import { MessageSettingsDto, MessageTemplateDto, PreviewDto, PreviewInputDto, TemplateInputDto, UpdateMessageSettingsDto } from './dto/guest-message.dto.js';
import { GuestMessagesService } from './guest-messages.service.js';

const KIND_PARAM = { name: 'kind', enum: GUEST_MESSAGE_KINDS, description: 'The event type the message tells of.' };
const LANGUAGE_PARAM = { name: 'language', enum: LANGUAGES };

/** The messages guests get: their templates per kind and language, a preview, and the tenant's quiet hours. */
@RegularsController('messages', 'messages')
export class GuestMessagesController {
  constructor(
    private readonly messages: GuestMessagesService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('templates')
  @ActorSigned('messages.manage')
  @ApiOperation({ summary: 'Every kind of message in every language, with the words in use: the tenant’s own or the plugin’s' })
  @ApiOkResponse({ type: [MessageTemplateDto] })
  list(@CurrentActor() actor: RequestActor): Promise<MessageTemplateDto[]> {
    return this.messages.templates(actor.tenantId);
  }

  @Get('templates/:kind/:language')
  @ActorSigned('messages.manage')
  @ApiParam(KIND_PARAM)
  @ApiParam(LANGUAGE_PARAM)
  @ApiOkResponse({ type: MessageTemplateDto })
  get(@CurrentActor() actor: RequestActor, @Param('kind') kind: string, @Param('language') language: string): Promise<MessageTemplateDto> {
    return this.messages.template(actor.tenantId, kindOf(kind), languageOf(language));
  }

  @Put('templates/:kind/:language')
  @ActorSigned('messages.manage')
  @ApiOperation({ summary: 'The tenant’s own words for a message, in place of the plugin’s' })
  @ApiParam(KIND_PARAM)
  @ApiParam(LANGUAGE_PARAM)
  @ApiOkResponse({ type: MessageTemplateDto })
  @ApiBadRequestResponse({ description: '`invalid_input`: a field is wrong, or a `{{placeholder}}` is not one of the kind’s.' })
  save(@CurrentActor() actor: RequestActor, @Param('kind') kind: string, @Param('language') language: string, @Body() input: TemplateInputDto): Promise<MessageTemplateDto> {
    const [checkedKind, checkedLanguage] = [kindOf(kind), languageOf(language)];
    return this.uow.transaction(() => this.messages.saveTemplate(actor, checkedKind, checkedLanguage, input));
  }

  @Delete('templates/:kind/:language')
  @ActorSigned('messages.manage')
  @ApiOperation({ summary: 'Back to the plugin’s words; answers the template now in use' })
  @ApiParam(KIND_PARAM)
  @ApiParam(LANGUAGE_PARAM)
  @ApiOkResponse({ type: MessageTemplateDto })
  reset(@CurrentActor() actor: RequestActor, @Param('kind') kind: string, @Param('language') language: string): Promise<MessageTemplateDto> {
    const [checkedKind, checkedLanguage] = [kindOf(kind), languageOf(language)];
    return this.uow.transaction(() => this.messages.resetTemplate(actor, checkedKind, checkedLanguage));
  }

  @Post('preview')
  @ActorSigned('messages.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'A message as a guest would get it: the saved template or unsaved words, for a sample guest or a chosen one; sends nothing' })
  @ApiOkResponse({ type: PreviewDto })
  @ApiNotFoundResponse({ description: '`not_found`: no guest has the customerId.' })
  preview(@CurrentActor() actor: RequestActor, @Body() input: PreviewInputDto): Promise<PreviewDto> {
    return this.messages.preview(actor.tenantId, input);
  }

  @Get('settings')
  @ActorSigned('messages.manage')
  @ApiOkResponse({ type: MessageSettingsDto })
  settings(@CurrentActor() actor: RequestActor): Promise<MessageSettingsDto> {
    return this.messages.settings(actor.tenantId);
  }

  @Put('settings')
  @ActorSigned('messages.manage')
  @ApiOperation({ summary: 'The tenant’s quiet hours, in its time zone' })
  @ApiOkResponse({ type: MessageSettingsDto })
  saveSettings(@CurrentActor() actor: RequestActor, @Body() input: UpdateMessageSettingsDto): Promise<MessageSettingsDto> {
    return this.uow.transaction(() => this.messages.saveSettings(actor, input));
  }
}

function kindOf(value: string): GuestMessageKind {
  if ((GUEST_MESSAGE_KINDS as readonly string[]).includes(value)) return value as GuestMessageKind;
  throw RegularsError.invalid([`kind: must be one of ${GUEST_MESSAGE_KINDS.join(', ')}`]);
}

function languageOf(value: string): Language {
  if ((LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw RegularsError.invalid([`language: must be one of ${LANGUAGES.join(', ')}`]);
}
