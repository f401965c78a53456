namespace Penchant.Core.Text;

/// <summary>Options for <see cref="LexiconSentimentAnalyzer"/>.</summary>
/// <param name="NegationWindow">How many units before a sentiment word a negator may stand (within the clause).</param>
/// <param name="NegationScale">The factor a negated valence is multiplied by ("not good" is milder than "bad").</param>
/// <param name="BeforeContrast">Weight of sentiment before "but" (and of the previous sentence when one starts with "but").</param>
/// <param name="AfterContrast">Weight of sentiment after "but".</param>
/// <param name="ExclamationBoost">Each '!' closing a sentence (up to three) scales it by 1 + this.</param>
/// <param name="Saturation">The total valence s becomes s / sqrt(s² + Saturation).</param>
public sealed record LexiconSentimentOptions(
    int NegationWindow = 3,
    double NegationScale = 0.74,
    double BeforeContrast = 0.5,
    double AfterContrast = 1.5,
    double ExclamationBoost = 0.12,
    double Saturation = 15);

/// <summary>
/// Rule-based review sentiment for English and Chinese without any model file: word and phrase valences
/// from a <see cref="SentimentLexicon"/>, negation within a window, intensifiers and diminishers, "but"
/// clauses weighting the later clause, exclamation marks, and aspect-level polarity from the sentiment
/// words in the same clause as the aspect term. Thread-safe.
/// </summary>
/// <remarks>
/// The rules follow Hutto and Gilbert, "VADER: a parsimonious rule-based model for sentiment analysis of
/// social media text", ICWSM 2014 (negation factor, contrast weighting, saturation), with a lexicon and
/// aspect vocabulary written for shop reviews. Chinese runs are segmented by forward maximum matching
/// against the lexicon's Chinese entries, so 不错 stays one positive word while 不好 is 不 + 好.
/// </remarks>
public sealed class LexiconSentimentAnalyzer(SentimentLexicon? lexicon = null, LexiconSentimentOptions? options = null) : ISentimentAnalyzer
{
    public SentimentLexicon Lexicon { get; } = lexicon ?? SentimentLexicon.Default;

    public LexiconSentimentOptions Options { get; } = options ?? new LexiconSentimentOptions();

    public SentimentResult Analyze(string text)
    {
        var score = Score(text);
        var polarity = score.Total / Math.Sqrt((score.Total * score.Total) + Options.Saturation);
        var confidence = Math.Abs(polarity) * (1 - Math.Exp(-score.Hits));
        return new SentimentResult(polarity, confidence, score.Aspects);
    }

    /// <summary>The raw sums behind <see cref="Analyze"/>, also used as classifier features.</summary>
    internal LexiconScore Score(string? text)
    {
        var units = BuildUnits(text);
        var adjusted = new double[units.Count];
        var sentenceSums = new List<double>();
        double positive = 0, negative = 0;
        var hits = 0;
        var start = 0;
        while (start < units.Count)
        {
            var end = start;
            while (end < units.Count && !units[end].EndsSentence)
            {
                end++;
            }

            // units[start..end) is the sentence; units[end..] its closing marks.
            var exclamations = 0;
            var close = end;
            while (close < units.Count && units[close].IsBoundary)
            {
                exclamations += units[close].Text == "!" ? 1 : 0;
                close++;
            }

            var contrast = -1;
            for (var i = start; i < end; i++)
            {
                if (units[i].IsContrast)
                {
                    contrast = i;
                }
            }

            var sum = 0.0;
            for (var i = start; i < end; i++)
            {
                if (units[i].Valence == 0)
                {
                    continue;
                }

                var v = units[i].Valence * Modify(units, start, i);
                if (contrast > start)
                {
                    v *= i < contrast ? Options.BeforeContrast : Options.AfterContrast;
                }

                adjusted[i] = v;
                sum += v;
                hits++;
                if (v > 0)
                {
                    positive += v;
                }
                else
                {
                    negative -= v;
                }
            }

            sum *= 1 + (Options.ExclamationBoost * Math.Min(exclamations, 3));
            if (contrast == start && sentenceSums.Count > 0)
            {
                // "... . But it runs small." weighs the earlier sentence down and this one up.
                sentenceSums[^1] *= Options.BeforeContrast;
                sum *= Options.AfterContrast;
            }

            sentenceSums.Add(sum);
            start = close;
        }

        return new LexiconScore(sentenceSums.Sum(), positive, negative, hits, Aspects(units, adjusted));
    }

    /// <summary>The product of intensifiers and the negation in the window before unit <paramref name="i"/>.</summary>
    private double Modify(List<Unit> units, int sentenceStart, int i)
    {
        var factor = 1.0;
        var negated = false;
        for (var j = i - 1; j >= sentenceStart && j >= i - Options.NegationWindow; j--)
        {
            var u = units[j];
            if (u.IsBoundary || u.IsContrast)
            {
                break;
            }

            if (u.IsNegator)
            {
                negated = true;
            }
            else if (u.Modifier != 1)
            {
                factor *= u.Modifier;
            }
        }

        return negated ? -factor * Options.NegationScale : factor;
    }

    private static List<AspectSentiment> Aspects(List<Unit> units, double[] adjusted)
    {
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Aspect is not { } aspect)
            {
                continue;
            }

            var s = 0.0;
            var found = false;
            for (var j = i; j >= 0 && !units[j].IsBoundary && (j == i || !units[j].IsContrast); j--)
            {
                found |= adjusted[j] != 0;
                s += adjusted[j] / (1 + i - j);
            }

            for (var j = i + 1; j < units.Count && !units[j].IsBoundary && !units[j].IsContrast; j++)
            {
                found |= adjusted[j] != 0;
                s += adjusted[j] / (1 + j - i);
            }

            if (!found)
            {
                continue;
            }

            var polarity = s / Math.Sqrt((s * s) + 4);
            if (!sums.TryGetValue(aspect, out var acc))
            {
                order.Add(aspect);
            }

            sums[aspect] = (acc.Sum + polarity, acc.Count + 1);
        }

        return order.Select(a => new AspectSentiment(a, sums[a].Sum / sums[a].Count)).ToList();
    }

    /// <summary>Lexes, segments Chinese runs against the lexicon and merges English phrases.</summary>
    private List<Unit> BuildUnits(string? text)
    {
        var tokens = TextLexer.Lex(text);
        var units = new List<Unit>(tokens.Count);
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            switch (token.Kind)
            {
                case TokenKind.Punctuation:
                    units.Add(new Unit(token.Text, IsBoundary: true, EndsSentence: token.EndsSentence));
                    break;
                case TokenKind.Han:
                    foreach (var word in Segment(token.Text))
                    {
                        units.Add(Describe(word));
                    }

                    break;
                default:
                    var taken = 1;
                    var phrase = token.Text;
                    for (var n = Math.Min(Lexicon.MaxPhraseWords, tokens.Count - t); n >= 2; n--)
                    {
                        if (TryPhrase(tokens, t, n, out phrase))
                        {
                            taken = n;
                            break;
                        }
                    }

                    units.Add(Describe(taken > 1 ? phrase : token.Text));
                    t += taken - 1;
                    break;
            }
        }

        return units;
    }

    private bool TryPhrase(List<TextToken> tokens, int t, int n, out string phrase)
    {
        phrase = string.Empty;
        for (var k = t; k < t + n; k++)
        {
            if (tokens[k].Kind is not (TokenKind.Word or TokenKind.Number))
            {
                return false;
            }
        }

        phrase = string.Join(' ', tokens.Skip(t).Take(n).Select(x => x.Text));
        return Lexicon.TryGetPhrase(phrase, out _);
    }

    /// <summary>Forward maximum matching of a Han run against the lexicon; unknown characters stand alone.</summary>
    internal IEnumerable<string> Segment(string run)
    {
        var i = 0;
        while (i < run.Length)
        {
            var taken = 1;
            for (var n = Math.Min(Lexicon.MaxHanWordLength, run.Length - i); n >= 2; n--)
            {
                if (Lexicon.HanWords.Contains(run.Substring(i, n)))
                {
                    taken = n;
                    break;
                }
            }

            yield return run.Substring(i, taken);
            i += taken;
        }
    }

    private Unit Describe(string text)
    {
        var isNegator = Lexicon.IsNegator(text);
        var valence = 0.0;
        if (!isNegator)
        {
            Lexicon.TryGetValence(text, out valence);
        }

        var modifier = Lexicon.TryGetModifier(text, out var m) ? m : 1.0;
        var aspect = Lexicon.TryGetAspect(text, out var a) ? a : null;
        return new Unit(text, valence, isNegator, modifier, Lexicon.IsContrast(text), aspect);
    }

    private readonly record struct Unit(
        string Text,
        double Valence = 0,
        bool IsNegator = false,
        double Modifier = 1,
        bool IsContrast = false,
        string? Aspect = null,
        bool IsBoundary = false,
        bool EndsSentence = false);
}

/// <summary>The sums behind a lexicon analysis.</summary>
/// <param name="Total">Signed sum of adjusted valences.</param>
/// <param name="Positive">Sum of positive adjusted valences.</param>
/// <param name="Negative">Sum of the magnitudes of negative adjusted valences.</param>
/// <param name="Hits">How many sentiment words or phrases were found.</param>
/// <param name="Aspects">Aspect signals.</param>
internal readonly record struct LexiconScore(double Total, double Positive, double Negative, int Hits, IReadOnlyList<AspectSentiment> Aspects);
