-- A project that must be tendered by law (依法必须进行招标的项目) has the statutory time limits
-- enforced: 20 days from the documents' issue to the deadline (《招标投标法》 art. 24), and 15 days
-- after a clarification or amendment that can affect bid preparation (条例 art. 21). Projects
-- from before this migration are taken to be such projects.
ALTER TABLE "Project" ADD COLUMN "mandatoryTender" BOOLEAN NOT NULL DEFAULT true;
