"""A readable timeline of a few simulated calls, with the IDs a reviewer finds in the IDB rows."""

from __future__ import annotations

from .model import (
    AgentSession,
    Call,
    CampaignRun,
    Consultation,
    ConsultKind,
    EventLog,
    OutboundAttempt,
    OutboundChain,
    Outcome,
)
from .stamps import gmt
from .topology import Agent, Topology


def _call_lines(call: Call, topology: Topology) -> list[tuple[int, str]]:
    agents = {agent.id: agent for agent in topology.agents}
    lines = [
        (
            call.arrival,
            f"call {call.call_id} from {call.ani} to {call.dnis} on "
            f"{topology.switches[call.switch_id]} (G_CALL.CALLID; caller party "
            f"{call.caller_party_id})",
        )
    ]
    for segment in call.segments:
        service = topology.service(segment.service, segment.switch_id)
        lines.append(
            (
                segment.entered,
                f"  routing point {service.routing_point.number} (party {segment.rp_party_id}) "
                f"queues it in {service.virtual_queue.number}",
            )
        )
        leg = segment.agent_leg
        if leg is None:
            lines.append((segment.left, "  caller abandons while queued"))
            continue
        agent = agents[leg.agent_id]
        lines.append(
            (
                leg.ring_start,
                f"  distributed: rings {agent.username} at {agent.endpoint_dn} "
                f"(party {leg.party_id})",
            )
        )
        if leg.answer is None:
            lines.append((leg.release, "  caller abandons while ringing"))
            continue
        lines.append((leg.answer, f"  {agent.username} answers"))
        if leg.consultation is not None:
            lines += _consultation_lines(agent.username, leg.consultation, agents)
        elif leg.hold:
            lines.append((leg.hold[0], f"  {agent.username} holds the caller"))
            lines.append((leg.hold[1], f"  {agent.username} retrieves the caller"))
        ending = f"transfers it to {leg.transferred_to}" if leg.transferred_to else "releases"
        if leg.consultation is not None and leg.consultation.merged:
            ending = "leaves the call"
        if call.linked is not None and segment is call.segments[0]:
            ending += (
                f" on {topology.switches[call.linked.switch_id]}: linked call "
                f"{call.linked.call_id} there (G_IS_LINK.LINKID {call.linked.link_id})"
            )
        lines.append((leg.release, f"  {agent.username} {ending}"))
        lines.append((leg.acw_end, f"  {agent.username} ends after-call work"))
    closing = "answered" if call.outcome is Outcome.ANSWERED else str(call.outcome)
    lines.append((call.end, f"  call ends ({closing})"))
    return lines


def _consultation_lines(
    initiator: str, consultation: Consultation, agents: dict[int, Agent]
) -> list[tuple[int, str]]:
    colleague = agents[consultation.agent_id].username
    lines = [
        (
            consultation.start,
            f"  {initiator} holds the caller and calls {colleague} (consultation call "
            f"{consultation.call_id})",
        ),
        (consultation.answer, f"  {colleague} answers the consultation"),
    ]
    if consultation.kind is ConsultKind.CONSULT:
        lines.append((consultation.end, f"  {initiator} retrieves the caller"))
        lines.append((consultation.end, f"  {colleague} releases the consultation"))
        lines.append((consultation.acw_end, f"  {colleague} ends after-call work"))
        return lines
    verb = "hands the caller to" if consultation.kind is ConsultKind.TRANSFER else "conferences"
    lines.append(
        (
            consultation.end,
            f"  {initiator} {verb} {colleague} "
            f"(party {consultation.joined_party_id} joins the call)",
        )
    )
    lines.append((consultation.release, f"  {colleague} releases"))
    lines.append((consultation.acw_end, f"  {colleague} ends after-call work"))
    return lines


def _attempt_lines(
    run: CampaignRun, chain: OutboundChain, attempt: OutboundAttempt, topology: Topology
) -> list[tuple[int, str]]:
    lines = [
        (
            attempt.dialed,
            f"{run.name} dials {chain.contact} (call {attempt.call_id}; chain {chain.chain_guid}, "
            f"attempt {attempt.number}, GO_CHAINREC_HIST.CALLATTID {attempt.call_attempt_id})",
        )
    ]
    leg = attempt.agent_leg
    if leg is not None:
        agent = next(a for a in topology.agents if a.id == leg.agent_id)
        lines.append((leg.ring_start, f"  the customer answers; connected to {agent.username}"))
        lines.append((leg.release, f"  {agent.username} releases"))
    lines.append((attempt.end, f"  call result {attempt.result.name}"))
    return lines


def _session_lines(session: AgentSession, username: str, spans: int) -> list[tuple[int, str]]:
    lines = [(session.login, f"{username} logs in (session {session.session_id})")]
    for span in session.spans[:spans]:
        reason = f" ({span.reason})" if span.reason else ""
        lines.append((span.start, f"  {username} {span.activity.value}{reason}"))
    if len(session.spans) > spans:
        lines.append((session.spans[spans].start, f"  ... {len(session.spans) - spans} more"))
    lines.append((session.logout, f"  {username} logs out"))
    return lines


def _kind(call: Call) -> str:
    """What a reviewer would call this call."""
    first = call.segments[0].agent_leg
    consultation = first.consultation if first else None
    if consultation is not None:
        return {
            ConsultKind.CONSULT: "consultation",
            ConsultKind.TRANSFER: "consult transfer",
            ConsultKind.CONFERENCE: "conference",
        }[consultation.kind]
    if call.linked is not None:
        return "transfer to another site"
    if len(call.segments) > 1:
        return "blind transfer"
    if call.outcome is not Outcome.ANSWERED:
        return str(call.outcome).replace("_", " ")
    return "answered" + (" with a hold" if first and first.hold else "")


def render_timeline(log: EventLog, topology: Topology) -> str:
    """The first call of each kind (answered, abandoned, transfers, consultations, conference),
    then the beginning of the login session of the agent who answered the first call."""
    chosen: dict[str, Call] = {}
    for call in log.calls:
        chosen.setdefault(_kind(call), call)
    text = []
    for kind, call in chosen.items():
        text.append(f"-- {kind}")
        lines = sorted(_call_lines(call, topology), key=lambda item: item[0])  # stable: same-second
        text += [f"{gmt(at)}  {line}" for at, line in lines]
        text.append("")
    attempts = [(run, c, a) for run in log.campaigns for c in run.chains for a in c.attempts]
    for wanted in (True, False):
        found = next(
            ((r, c, a) for r, c, a in attempts if (a.agent_leg is not None) == wanted), None
        )
        if found is not None:
            text.append(f"-- outbound attempt, {'connected' if wanted else 'not connected'}")
            text += [f"{gmt(at)}  {line}" for at, line in _attempt_lines(*found, topology)]
            text.append("")
    first_leg = next(
        (s.agent_leg for c in log.calls for s in c.segments if s.agent_leg and s.agent_leg.answer),
        None,
    )
    if first_leg is not None:
        username = next(a.username for a in topology.agents if a.id == first_leg.agent_id)
        session = next(
            s
            for s in log.sessions
            if s.agent_id == first_leg.agent_id and s.login <= first_leg.ring_start
        )
        text.append(f"-- login session of {username}")
        text += [f"{gmt(at)}  {line}" for at, line in _session_lines(session, username, 12)]
    return "\n".join(text)
