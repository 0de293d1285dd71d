import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityCount } from './counting/activity-count.entity';
import { ProjectionEvents } from './projection/projection.handlers';
import { ProbationEntryEvents } from './probation/probation-entries.handler';
import { DashboardModule } from './dashboard/dashboard.module';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { MIN_CELL_SIZE, readMinCellSize } from './indicators/min-cell-size';
import { readDisclosurePolicy } from './disclosure/disclosure-policy';
import { DISCLOSURE_SETTINGS } from './tables/tables.constants';
import { readTableTimeLimit, TABLE_TIME_LIMIT } from './tables/table-time-limit';
import { TablesService } from './tables/tables.service';
import { OpenDataController } from './open-data/open-data.controller';
import { OPEN_DATA_MAX_AGE, readOpenDataMaxAge } from './open-data/open-data-cache';

@Module({
  imports: [TypeOrmModule.forFeature([ActivityCount]), DashboardModule],
  controllers: [
    IndicatorsController,
    OpenDataController,
    // Event handlers: their @EventPattern methods are found by the bus transport.
    ProjectionEvents,
    ProbationEntryEvents,
  ],
  providers: [
    IndicatorsService,
    TablesService,
    // Read once, when the service starts; a bad value stops the start with a ConfigError naming the variable.
    { provide: MIN_CELL_SIZE, useFactory: () => readMinCellSize(process.env) },
    { provide: DISCLOSURE_SETTINGS, useFactory: () => readDisclosurePolicy(process.env) },
    { provide: OPEN_DATA_MAX_AGE, useFactory: () => readOpenDataMaxAge(process.env) },
    { provide: TABLE_TIME_LIMIT, useFactory: () => readTableTimeLimit(process.env) },
  ],
})
export class AnalyticsModule {}
