import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityCount } from './counting/activity-count.entity';
import { COUNTING_HANDLERS } from './counting/counting.handlers';
import { DashboardModule } from './dashboard/dashboard.module';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { MIN_CELL_SIZE, readMinCellSize } from './indicators/min-cell-size';

@Module({
  imports: [TypeOrmModule.forFeature([ActivityCount]), DashboardModule],
  controllers: [IndicatorsController],
  providers: [
    IndicatorsService,
    ...COUNTING_HANDLERS,
    // Read once, when the service starts; a bad value stops the start with a ConfigError naming the variable.
    { provide: MIN_CELL_SIZE, useFactory: () => readMinCellSize(process.env) },
  ],
})
export class AnalyticsModule {}
