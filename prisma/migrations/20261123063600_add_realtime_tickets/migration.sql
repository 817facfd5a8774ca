-- CreateTable
CREATE TABLE "RealtimeTicket" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "accountId" UUID,
    "userId" UUID,
    "subject" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RealtimeTicket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RealtimeTicket_tokenHash_key" ON "RealtimeTicket"("tokenHash");

-- CreateIndex
CREATE INDEX "RealtimeTicket_accountId_idx" ON "RealtimeTicket"("accountId");

-- CreateIndex
CREATE INDEX "RealtimeTicket_userId_idx" ON "RealtimeTicket"("userId");

-- CreateIndex
CREATE INDEX "RealtimeTicket_expiresAt_idx" ON "RealtimeTicket"("expiresAt");

-- AddForeignKey
ALTER TABLE "RealtimeTicket" ADD CONSTRAINT "RealtimeTicket_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RealtimeTicket" ADD CONSTRAINT "RealtimeTicket_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
