import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SERVICE_ENVIRONMENT } from '@icjims/platform';
import type { AnalyticsEnvironment } from './analytics.environment';
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
    { provide: MIN_CELL_SIZE, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AnalyticsEnvironment) => readMinCellSize(environment) },
    { provide: DISCLOSURE_SETTINGS, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AnalyticsEnvironment) => readDisclosurePolicy(environment) },
    { provide: OPEN_DATA_MAX_AGE, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AnalyticsEnvironment) => readOpenDataMaxAge(environment) },
    { provide: TABLE_TIME_LIMIT, inject: [SERVICE_ENVIRONMENT], useFactory: (environment: AnalyticsEnvironment) => readTableTimeLimit(environment) },
  ],
})
export class AnalyticsModule {}
