using Penchant.Core.Data;

namespace Penchant.Core.Profiles;

/// <summary>
/// The mutable accumulator behind <see cref="InterestProfileBuilder"/>. Scores are kept as of the newest event;
/// a newer event first decays every score to its own time, an older one is added already decayed.
/// <see cref="Thaw"/> and <see cref="Freeze"/> copy state exactly, so a fold may stop and resume anywhere.
/// </summary>
internal sealed class ProfileState
{
    private static readonly int TypeCount = EventTypes.All.Count;

    private readonly InterestProfileOptions _options;
    private readonly Dictionary<Facet, Accumulator> _interests = [];
    private long _asOf = long.MinValue;
    private string? _lastSession;
    private long _eventCount;

    public ProfileState(InterestProfileOptions options, string userId)
    {
        _options = options;
        UserId = userId;
    }

    public string UserId { get; }

    public static ProfileState Thaw(InterestProfileOptions options, InterestProfile profile)
    {
        var state = new ProfileState(options, profile.UserId)
        {
            _asOf = profile.AsOf is { } asOf ? Ticks(asOf) : long.MinValue,
            _lastSession = profile.LastSession,
            _eventCount = profile.EventCount,
        };
        foreach (var i in profile.Interests)
        {
            var counts = new int[TypeCount];
            foreach (var (type, n) in i.Counts)
            {
                counts[(int)type] = n;
            }

            state._interests.Add(i.Facet, new Accumulator
            {
                LongTerm = i.LongTerm,
                ShortTerm = i.ShortTerm,
                Counts = counts,
                Recent = [.. i.RecentEvents],
                Reviews = [.. i.Reviews],
                First = i.FirstSeen,
                Last = i.LastSeen,
            });
        }

        return state;
    }

    public InterestProfile Freeze() => new(
        UserId,
        _asOf == long.MinValue ? null : new DateTimeOffset(_asOf, TimeSpan.Zero),
        _lastSession,
        _eventCount,
        _interests.Select(static kv => kv.Value.ToInterest(kv.Key)));

    /// <summary>Applies one event's contributions: (facet, evidence before decay, opinion carried).</summary>
    public void Add(Event e, List<(Facet Facet, double Delta, double Opinion)> contributions)
    {
        _eventCount++;
        var time = Ticks(e.Timestamp);
        double longFactor;
        double shortFactor;
        var session = e.SessionId ?? "";
        if (time >= _asOf)
        {
            var newSession = _asOf == long.MinValue || !string.Equals(session, _lastSession, StringComparison.Ordinal);
            if (_asOf != long.MinValue && time > _asOf)
            {
                var days = (time - _asOf) / (double)TimeSpan.TicksPerDay;
                var longDecay = Decay(days, _options.LongTermHalfLifeDays);
                var shortDecay = _options.ShortTerm == ShortTermWindow.LastSession
                    ? (newSession ? 0 : 1)
                    : Decay(days, _options.ShortTermHalfLifeDays);
                foreach (var a in _interests.Values)
                {
                    a.LongTerm *= longDecay;
                    a.ShortTerm *= shortDecay;
                }
            }
            else if (_options.ShortTerm == ShortTermWindow.LastSession && newSession)
            {
                foreach (var a in _interests.Values)
                {
                    a.ShortTerm = 0;
                }
            }

            _asOf = time;
            _lastSession = session;
            longFactor = 1;
            shortFactor = 1;
        }
        else
        {
            // Out of order: add the evidence as it would have decayed by now.
            var days = (_asOf - time) / (double)TimeSpan.TicksPerDay;
            longFactor = Decay(days, _options.LongTermHalfLifeDays);
            shortFactor = _options.ShortTerm == ShortTermWindow.LastSession
                ? (string.Equals(session, _lastSession, StringComparison.Ordinal) ? 1 : 0)
                : Decay(days, _options.ShortTermHalfLifeDays);
        }

        if (contributions.Count == 0)
        {
            return;
        }

        var evidence = new EvidenceEvent(e.EventId, e.Type, e.Timestamp);
        foreach (var (facet, delta, opinion) in contributions)
        {
            if (!_interests.TryGetValue(facet, out var a))
            {
                a = new Accumulator { Counts = new int[TypeCount], First = e.Timestamp, Last = e.Timestamp };
                _interests.Add(facet, a);
            }

            a.LongTerm += delta * longFactor;
            a.ShortTerm += delta * shortFactor;
            a.Counts[(int)e.Type]++;
            if (e.Timestamp < a.First)
            {
                a.First = e.Timestamp;
            }

            if (e.Timestamp > a.Last)
            {
                a.Last = e.Timestamp;
            }

            KeepNewest(a.Recent, evidence, _options.RecentEvents, static (x, y) => Newer(x.Timestamp, x.EventId, y.Timestamp, y.EventId));
            if (opinion != 0 && e.Type is EventType.Review or EventType.Rating)
            {
                KeepNewest(a.Reviews, new ReviewEvidence(e.EventId, e.Timestamp, opinion, delta), _options.RecentReviews, static (x, y) => Newer(x.Timestamp, x.EventId, y.Timestamp, y.EventId));
            }
        }

        Prune(contributions);
    }

    /// <summary>Drops the weakest interests (by |long| + |short|) beyond the limit, never one this event touched.</summary>
    private void Prune(List<(Facet Facet, double Delta, double Opinion)> touched)
    {
        while (_interests.Count > _options.MaxInterests)
        {
            Facet? weakest = null;
            var weakestScore = double.PositiveInfinity;
            foreach (var (facet, a) in _interests)
            {
                if (touched.Exists(t => t.Facet == facet))
                {
                    continue;
                }

                var score = Math.Abs(a.LongTerm) + Math.Abs(a.ShortTerm);
                if (score < weakestScore || (score == weakestScore && weakest is { } w && facet.CompareTo(w) < 0))
                {
                    weakest = facet;
                    weakestScore = score;
                }
            }

            if (weakest is not { } drop)
            {
                return;
            }

            _interests.Remove(drop);
        }
    }

    private static void KeepNewest<T>(List<T> list, T item, int limit, Func<T, T, bool> newer)
    {
        if (limit <= 0)
        {
            return;
        }

        var at = 0;
        while (at < list.Count && !newer(item, list[at]))
        {
            at++;
        }

        if (at >= limit)
        {
            return;
        }

        list.Insert(at, item);
        if (list.Count > limit)
        {
            list.RemoveAt(list.Count - 1);
        }
    }

    private static bool Newer(DateTimeOffset a, string aId, DateTimeOffset b, string bId) =>
        a != b ? a > b : string.CompareOrdinal(aId, bId) > 0;

    private static double Decay(double days, double halfLife) =>
        halfLife <= 0 || days <= 0 ? 1 : Math.Pow(0.5, days / halfLife);

    private static long Ticks(DateTimeOffset time) => time.UtcTicks;

    private sealed class Accumulator
    {
        public double LongTerm { get; set; }

        public double ShortTerm { get; set; }

        public required int[] Counts { get; init; }

        public List<EvidenceEvent> Recent { get; init; } = [];

        public List<ReviewEvidence> Reviews { get; init; } = [];

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }

        public Interest ToInterest(Facet facet)
        {
            var counts = new Dictionary<EventType, int>();
            for (var t = 0; t < Counts.Length; t++)
            {
                if (Counts[t] != 0)
                {
                    counts[(EventType)t] = Counts[t];
                }
            }

            return new Interest(facet, LongTerm, ShortTerm, counts, [.. Recent], First, Last, [.. Reviews]);
        }
    }
}
