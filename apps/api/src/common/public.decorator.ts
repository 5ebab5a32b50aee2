import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'signalbox:public';
/** No API key needed (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
