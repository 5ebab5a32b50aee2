import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@signalbox/persistence';

/**
 * The DataSource is created, connected and migrated before Nest starts (see bootstrap.ts), so a
 * database problem is reported as one clear line instead of a module-initialisation stack.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(dataSource: DataSource, secretKey: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: SecretBox, useValue: new SecretBox(secretKey) },
      ],
      exports: [DataSource, SecretBox],
    };
  }
}
