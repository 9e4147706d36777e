"""Staff members who sign in, and the roles that decide what each may do."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, Versioned, str_enum, utcnow
from app.models.enums import Role


class Staff(Versioned, Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # argon2id PHC string; NULL when the account authenticates against the database server instead
    # (nobody may read it there: deferred, so a staff row is loaded without it).
    password_hash: Mapped[str | None] = mapped_column(String(255), deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[StaffRole]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", lazy="selectin", order_by="StaffRole.role"
    )

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.roles)


class StaffRole(Base):
    __tablename__ = "staff_role"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), primary_key=True)

    staff: Mapped[Staff] = relationship(back_populates="roles")


class StaffSecondFactor(Base):
    """A person's TOTP secret (RFC 6238), enrolled from the sign-in dialog. On a shared server nobody
    but the tables' owner reads this table: the owner's functions check the codes (migration 0010)."""

    __tablename__ = "staff_second_factor"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The newest 30-second step a code was accepted for: a code is good once (RFC 6238, 5.2).
    last_step: Mapped[int] = mapped_column(BigInteger, default=0)
    # Wrong codes in a row and the moment the next one is checked (the growing delay of passwords).
    failures: Mapped[int] = mapped_column(Integer, default=0)
    wait_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class StaffRecoveryCode(Base):
    """One-time codes printed at enrolment, for a lost phone: only their SHA-256 is kept."""

    __tablename__ = "staff_recovery_code"
    __table_args__ = (UniqueConstraint("staff_id", "code_hash", name="uq_staff_recovery_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
