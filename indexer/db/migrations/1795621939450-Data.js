export class Data1795621939450 {
    name = 'Data1795621939450'

    async up(db) {
        await db.query(`ALTER TABLE "task_event" ADD "no_show" text`)
        await db.query(`ALTER TABLE "assignment" ADD "replaces" text`)
        await db.query(`ALTER TABLE "assignment" ADD "replaced_by" text`)
        await db.query(`ALTER TABLE "assignment" ADD "replaced_block" integer`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "task_event" DROP COLUMN "no_show"`)
        await db.query(`ALTER TABLE "assignment" DROP COLUMN "replaces"`)
        await db.query(`ALTER TABLE "assignment" DROP COLUMN "replaced_by"`)
        await db.query(`ALTER TABLE "assignment" DROP COLUMN "replaced_block"`)
    }
}
