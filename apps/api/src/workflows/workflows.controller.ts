import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Requires, type Principal } from '../auth/permissions';
import { RateLimited } from '../auth/rate-limit';
import { actorOf, Caller } from '../auth/principal.decorator';
import { sendCachedJson } from '../catalog-cache/cached-json';
import { conflict, notFound, validationFailed } from '../common/api-error';
import { listQueryShape } from '../common/list-query';
import { RawJsonBody } from '../common/raw-json-body';
import { ZodSchema } from '../common/zod-schema.decorator';
import { SaveDraftBody, ValidateWorkflowBody } from './workflow-bodies';
import { WorkflowsService, type WorkflowListQuery } from './workflows.service';
import { writeJsonParts } from '../common/json-parts';

@ZodSchema(z.strictObject({ ...listQueryShape, sort: z.enum(['eventCode', 'name', 'draftUpdatedAt'], { error: 'must be one of eventCode, name, draftUpdatedAt' }).default('eventCode'), eventType: z.string().max(64).optional() }))
export class WorkflowListQueryDto {}

// Documented here; read raw and parsed on an evaluation thread (common/raw-json-body.ts): parsing
// a graph of thousands of long expressions on the event loop would hold up every other request.
@ZodSchema(SaveDraftBody)
export class SaveDraftDto {}

@ZodSchema(ValidateWorkflowBody)
export class ValidateWorkflowDto {}

@ZodSchema(z.strictObject({ note: z.string().max(2000).optional(), fromVersion: z.number().int().min(1).optional() }))
export class PublishDto {
  note?: string;
  fromVersion?: number;
}

const versionRef = z
  .string({ error: 'is required: a version number or draft' })
  .regex(/^(draft|[1-9]\d{0,8})$/, { error: 'must be a version number (1, 2, …) or draft' })
  .transform((v) => (v === 'draft' ? ('draft' as const) : Number(v)));
@ZodSchema(z.strictObject({ from: versionRef, to: versionRef.default('draft') }))
export class DiffQueryDto {
  from!: number | 'draft';
  to!: number | 'draft';
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Get()
  list(@Query() query: WorkflowListQueryDto) {
    return this.workflows.list(query as WorkflowListQuery);
  }

  @Get(':eventCode')
  async get(@Param('eventCode') eventCode: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // JSON built around the stored draft's text, in pieces: a graph of megabytes is never parsed or serialised here.
    const { revision, parts } = await this.workflows.cachedJson(eventCode);
    sendCachedJson(req, res, revision, parts);
  }

  @Put(':eventCode/draft')
  @Requires('edit')
  @ApiBody({ type: SaveDraftDto })
  saveDraft(@Param('eventCode') eventCode: string, @RawJsonBody() body: Uint8Array | undefined, @Caller() caller: Principal) {
    return this.workflows.saveDraft(eventCode, body, actorOf(caller));
  }

  @Post(':eventCode/validate')
  @Requires('edit')
  @RateLimited()
  @HttpCode(200)
  @ApiBody({ type: ValidateWorkflowDto })
  validate(@Param('eventCode') eventCode: string, @RawJsonBody() body: Uint8Array | undefined) {
    return this.workflows.validateBody(eventCode, body);
  }

  @Post(':eventCode/publish')
  @Requires('admin')
  publish(@Param('eventCode') eventCode: string, @Body() body: PublishDto, @Caller() caller: Principal) {
    return this.workflows.publish(eventCode, body, actorOf(caller));
  }

  @Get(':eventCode/versions')
  versions(@Param('eventCode') eventCode: string) {
    return this.workflows.versions(eventCode);
  }

  @Get(':eventCode/versions/:version')
  async version(@Param('eventCode') eventCode: string, @Param('version') version: string, @Res() res: Response): Promise<void> {
    if (!/^[1-9]\d{0,8}$/.test(version)) throw validationFailed([{ path: 'version', message: 'must be a version number (1, 2, …)' }]);
    // Like GET of the workflow: the stored graph is written as PostgreSQL gave it, never parsed here.
    writeJsonParts(res, await this.workflows.versionJsonParts(eventCode, Number(version)));
  }

  /** Published versions never change: publish a new one instead (one route per write method, so OpenAPI keeps GET as read). */
  @Put(':eventCode/versions/:version')
  @Requires('edit')
  replaceVersion(@Param('eventCode') eventCode: string, @Param('version') version: string) {
    return this.immutable(eventCode, version);
  }

  @Patch(':eventCode/versions/:version')
  @Requires('edit')
  patchVersion(@Param('eventCode') eventCode: string, @Param('version') version: string) {
    return this.immutable(eventCode, version);
  }

  @Post(':eventCode/versions/:version')
  @Requires('edit')
  postVersion(@Param('eventCode') eventCode: string, @Param('version') version: string) {
    return this.immutable(eventCode, version);
  }

  @Delete(':eventCode/versions/:version')
  @Requires('edit')
  deleteVersion(@Param('eventCode') eventCode: string, @Param('version') version: string) {
    return this.immutable(eventCode, version);
  }

  private async immutable(eventCode: string, version: string): Promise<never> {
    // Only a version that exists is "immutable"; anything else is simply not there.
    if (!/^[1-9]\d{0,8}$/.test(version)) throw notFound(`version ${version} of event code`, eventCode);
    await this.workflows.assertVersion(eventCode, Number(version));
    throw conflict(`version ${version} of ${eventCode} is published and immutable: edit the draft and publish a new version`);
  }

  @Get(':eventCode/diff')
  diff(@Param('eventCode') eventCode: string, @Query() query: DiffQueryDto) {
    return this.workflows.diff(eventCode, query.from, query.to);
  }
}
