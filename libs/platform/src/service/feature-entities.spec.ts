import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { featureEntities } from './feature-entities';

@Entity('ledgers')
class Ledger {
  @PrimaryColumn('uuid') id!: string;
}

@Entity('ledger_lines')
class LedgerLine {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') text!: string;
}

@Entity('notes')
class Note {
  @PrimaryColumn('uuid') id!: string;
}

@Module({ imports: [TypeOrmModule.forFeature([Ledger, LedgerLine])] })
class LedgerModule {}

@Module({ imports: [TypeOrmModule.forFeature([Note, Ledger]), forwardRef(() => LedgerModule)] })
class NotesModule {}

@Module({ imports: [LedgerModule, { module: NotesModule }] })
class ServiceModule {}

@Module({})
class NothingModule {}

describe('the entities of a service', () => {
  it('are those its modules declare with TypeOrmModule.forFeature, through nested, dynamic and forward imports, each once', () => {
    expect(featureEntities(ServiceModule)).toEqual([Ledger, LedgerLine, Note]);
  });

  it('are none when no module declares any', () => {
    expect(featureEntities(NothingModule)).toEqual([]);
  });
});
