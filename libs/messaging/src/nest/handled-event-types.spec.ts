import { Controller, forwardRef, Get, Module } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { handledEventTypes } from './handled-event-types';

@Controller()
class Registrations {
  @EventPattern('icjims.case-registry.case.registered.v1')
  registered(): void {}

  @Get('not-an-event')
  page(): void {}
}

@Controller()
class Steps {
  @EventPattern(['icjims.procedural-steps.step.recorded.v1', 'icjims.procedural-steps.step.corrected.v1'], { batch: true })
  steps(): void {}

  @MessagePattern({ cmd: 'not-a-string' })
  request(): void {}
}

@Controller()
class Late {
  @EventPattern('icjims.probation.probation-case.opened.v1')
  opened(): void {}
}

@Module({ controllers: [Steps] })
class StepsModule {}

@Module({ controllers: [Late] })
class LateModule {}

@Module({ controllers: [Registrations], imports: [{ module: StepsModule, imports: [forwardRef(() => LateModule)] }, StepsModule] })
class ServiceModule {}

describe('handledEventTypes', () => {
  it('reads the event types of every @EventPattern method of the module, its imports (dynamic and forward ones too), once each', () => {
    expect(handledEventTypes(ServiceModule).sort()).toEqual([
      'icjims.case-registry.case.registered.v1',
      'icjims.probation.probation-case.opened.v1',
      'icjims.procedural-steps.step.corrected.v1',
      'icjims.procedural-steps.step.recorded.v1',
    ]);
  });

  it('finds none in a module without event handlers', () => {
    @Module({})
    class Empty {}
    expect(handledEventTypes(Empty)).toEqual([]);
  });
});
