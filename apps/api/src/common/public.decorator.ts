import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PERMISSION_EXTENSION } from '../auth/permissions';

export const IS_PUBLIC = 'signalbox:public';
/** No API key needed (health, docs). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PERMISSION_EXTENSION, 'public'));
