import { Module } from '@nestjs/common';
import { TransparencyModule } from '../transparency/transparency.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ imports: [TransparencyModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
