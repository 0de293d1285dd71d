import { Controller, Get, Module, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { ExpressServerAdapter } from './express-server';

@Controller()
class EchoController {
  @Get('echo')
  echo(@Req() request: Request) {
    return { host: request.get('host'), ip: request.ip, query: request.query, protocol: request.protocol };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('ExpressServerAdapter', () => {
  it('makes requests and responses with Express’s prototypes, so that Express never re-parents one, and Express works as before', async () => {
    const app = await NestFactory.create(EchoModule, new ExpressServerAdapter(), { logger: false });
    const reparented: string[] = [];
    const setPrototypeOf = Object.setPrototypeOf;
    const spy = jest.spyOn(Object, 'setPrototypeOf').mockImplementation((target: object, prototype: object | null) => {
      if (Object.getPrototypeOf(target) !== prototype) reparented.push(target?.constructor?.name ?? typeof target);
      return setPrototypeOf(target, prototype);
    });
    try {
      await app.listen(0, '127.0.0.1');
      const url = await app.getUrl();
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${url}/echo?q=${i}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ host: new URL(url).host, ip: '127.0.0.1', query: { q: String(i) }, protocol: 'http' });
      }
      expect((await fetch(`${url}/nowhere`)).status).toBe(404);
      expect(reparented.filter((name) => /Request|Response|IncomingMessage|ServerResponse/.test(name))).toEqual([]);
    } finally {
      spy.mockRestore();
      await app.close();
    }
  });
});
