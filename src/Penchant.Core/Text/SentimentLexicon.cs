using System.Collections.Frozen;
using System.Globalization;

namespace Penchant.Core.Text;

/// <summary>
/// The word lists of <see cref="LexiconSentimentAnalyzer"/>: valences of English and Chinese words and
/// phrases, negators, intensifiers and diminishers, contrast words and an aspect vocabulary.
/// </summary>
/// <remarks>
/// The lists are written for Penchant (shop reviews: fit, sizing, delivery, returns, build quality) and
/// are not copied from any published lexicon. Valences run from about -3.5 (worst) to +3.5 (best).
/// English keys are matched as written and, failing that, by their <see cref="LightStemmer"/> stem.
/// </remarks>
public sealed class SentimentLexicon
{
    private readonly FrozenDictionary<string, double> _valence;
    private readonly FrozenDictionary<string, double> _stemValence;
    private readonly FrozenDictionary<string, double> _modifiers;
    private readonly FrozenDictionary<string, string> _aspects;
    private readonly FrozenDictionary<string, string> _stemAspects;
    private readonly FrozenSet<string> _negators;
    private readonly FrozenSet<string> _contrasts;

    /// <summary>Builds a lexicon from explicit lists (keys are normalised with <see cref="TextNormalizer"/>).</summary>
    /// <param name="valences">Word or phrase to valence; English phrases are space-separated words.</param>
    /// <param name="modifiers">Intensifier (&gt; 1) or diminisher (&lt; 1) to its multiplier.</param>
    /// <param name="negators">Words that flip the valence of what follows within the window.</param>
    /// <param name="contrasts">Words such as "but" after which the clause counts more and before which less.</param>
    /// <param name="aspects">Aspect term to the aspect's canonical name ("colors" to "colour").</param>
    public SentimentLexicon(
        IEnumerable<KeyValuePair<string, double>> valences,
        IEnumerable<KeyValuePair<string, double>> modifiers,
        IEnumerable<string> negators,
        IEnumerable<string> contrasts,
        IEnumerable<KeyValuePair<string, string>> aspects)
    {
        var valence = Distinct(valences);
        _valence = valence.ToFrozenDictionary(StringComparer.Ordinal);
        var stems = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in valence)
        {
            if (!k.Contains(' ', StringComparison.Ordinal) && !TextNormalizer.IsHan(k[0]))
            {
                stems.TryAdd(LightStemmer.Stem(k), v);
            }
        }

        _stemValence = stems.ToFrozenDictionary(StringComparer.Ordinal);
        _modifiers = Distinct(modifiers).ToFrozenDictionary(StringComparer.Ordinal);
        _negators = negators.Select(TextNormalizer.Normalize).ToFrozenSet(StringComparer.Ordinal);
        _contrasts = contrasts.Select(TextNormalizer.Normalize).ToFrozenSet(StringComparer.Ordinal);
        var aspectMap = Distinct(aspects);
        _aspects = aspectMap.ToFrozenDictionary(StringComparer.Ordinal);
        var stemAspects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in aspectMap)
        {
            if (!TextNormalizer.IsHan(k[0]))
            {
                stemAspects.TryAdd(LightStemmer.Stem(k), v);
            }
        }

        _stemAspects = stemAspects.ToFrozenDictionary(StringComparer.Ordinal);
        var han = _valence.Keys.Concat(_modifiers.Keys).Concat(_negators).Concat(_contrasts).Concat(_aspects.Keys)
            .Where(k => k.Length > 0 && TextNormalizer.IsHan(k[0])).ToArray();
        HanWords = han.ToFrozenSet(StringComparer.Ordinal);
        MaxHanWordLength = han.Length == 0 ? 1 : han.Max(k => k.Length);
        MaxPhraseWords = _valence.Keys.Where(k => !TextNormalizer.IsHan(k[0])).Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>The built-in English and Chinese lexicon.</summary>
    public static SentimentLexicon Default { get; } = new(
        Parse(EnglishValences).Concat(Parse(ChineseValences)),
        Parse(Modifiers),
        Negators.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Contrasts.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ParseAspects(Aspects));

    /// <summary>Every Chinese entry, for dictionary segmentation of Han runs.</summary>
    public FrozenSet<string> HanWords { get; }

    /// <summary>The longest Chinese entry, in characters.</summary>
    public int MaxHanWordLength { get; }

    /// <summary>The longest English phrase, in words.</summary>
    public int MaxPhraseWords { get; }

    /// <summary>The valence of a word or phrase, looked up as written and then by stem.</summary>
    public bool TryGetValence(string term, out double valence) =>
        _valence.TryGetValue(term, out valence) || (!term.Contains(' ', StringComparison.Ordinal) && _stemValence.TryGetValue(LightStemmer.Stem(term), out valence));

    /// <summary>The valence of an exact multi-word phrase.</summary>
    public bool TryGetPhrase(string phrase, out double valence) => _valence.TryGetValue(phrase, out valence);

    /// <summary>The multiplier of an intensifier or diminisher.</summary>
    public bool TryGetModifier(string term, out double multiplier) => _modifiers.TryGetValue(term, out multiplier);

    /// <summary>Whether <paramref name="term"/> negates (including every English word ending in n't).</summary>
    public bool IsNegator(string term) => _negators.Contains(term) || term.EndsWith("n't", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="term"/> is a contrast word such as "but" or 但是.</summary>
    public bool IsContrast(string term) => _contrasts.Contains(term);

    /// <summary>The canonical aspect named by <paramref name="term"/>, looked up as written and then by stem.</summary>
    public bool TryGetAspect(string term, out string aspect)
    {
        if (_aspects.TryGetValue(term, out aspect!))
        {
            return true;
        }

        if (term.Length > 0 && !TextNormalizer.IsHan(term[0]) && _stemAspects.TryGetValue(LightStemmer.Stem(term), out aspect!))
        {
            return true;
        }

        aspect = string.Empty;
        return false;
    }

    private static Dictionary<string, T> Distinct<T>(IEnumerable<KeyValuePair<string, T>> pairs)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            var key = TextNormalizer.Normalize(k).Trim();
            if (key.Length > 0)
            {
                result[key] = v;
            }
        }

        return result;
    }

    /// <summary>Parses "word:value" entries separated by '|' or new lines; phrases may contain spaces.</summary>
    private static IEnumerable<KeyValuePair<string, double>> Parse(string data)
    {
        foreach (var entry in data.Split(['|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            yield return new(entry[..colon].Trim(), double.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture));
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseAspects(string data)
    {
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            yield return new(name, name);
            foreach (var term in line[(colon + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return new(term, name);
            }
        }
    }

    private const string EnglishValences = """
        good:1.9|great:3|excellent:3.2|amazing:3.1|awesome:3|fantastic:3.2|wonderful:3|perfect:3.2|perfectly:2.6|love:3|loved:3|loves:2.8
        lovely:2.8|like:1.4|liked:1.5|likes:1.4|nice:1.9|beautiful:2.9|beautifully:2.6|gorgeous:3|pretty:1.6|cute:2.1|stunning:3|elegant:2.3
        flattering:2.5|comfortable:2.3|comfy:2.3|soft:1.5|cozy:1.9|happy:2.4|pleased:2.2|satisfied:2|glad:2|delighted:2.8|thrilled:2.9
        recommend:2|recommended:2|best:3|better:1.4|favorite:2.5|favourite:2.5|fun:1.8|classy:2.2|chic:2|fabulous:3|flawless:3|superb:3.1
        solid:1.6|sturdy:1.8|durable:1.8|reliable:1.9|quality:0.8|worth:1.6|worthwhile:1.8|bargain:1.7|value:0.6|affordable:1.2|versatile:1.8
        easy:1.4|easily:1|clear:1.2|crisp:1.4|warm:1.1|bright:0.9|smooth:1.6|quiet:0.9|rich:1.4|fine:0.9|ok:0.5|okay:0.5|decent:1
        impressed:2.4|impressive:2.5|exceptional:3|outstanding:3.1|incredible:2.9|terrific:3|brilliant:2.8|cool:1.5|sweet:1.6|stylish:2.2
        sexy:1.9|feminine:1.4|adorable:2.6|charming:2.2|sharp:1.2|sleek:1.8|helpful:1.8|handy:1.6|useful:1.6|works:1.2|worked:1
        fits:0.8|fit:0.6|true to size:1.2|thank:1.5|thanks:1.5|compliments:2.3|complimented:2.2|keeper:2.2|win:2|winner:2.5|wow:2.5
        enjoy:2|enjoyed:2|enjoying:2|appreciate:1.8|accurate:1.4|exactly:0.8|ideal:2.4|pleasant:2|pleasure:2.2|beauty:2.2|fast:1.2|quickly:1
        highly recommend:3.2|well made:2.2|well worth:2.5|five stars:2.8|5 stars:2.8|must have:2.5|works great:3|works well:2.5
        no complaints:2|love it:3.1|love this:3.1|money well spent:2.8|good value:2.3|great value:2.8|fits perfectly:2.8|runs true:1
        bad:-2.5|terrible:-3.2|horrible:-3.2|awful:-3.1|poor:-2.3|poorly:-2.2|worst:-3.4|worse:-2.3|cheap:-1.2|cheaply:-2.2|flimsy:-2.2
        disappointed:-2.6|disappointing:-2.6|disappointment:-2.7|disappoint:-2.4|unhappy:-2.4|hate:-3|hated:-3|dislike:-2.1|ugly:-2.7
        unflattering:-2.4|uncomfortable:-2.3|itchy:-1.9|scratchy:-1.8|boxy:-1.4|frumpy:-2|sloppy:-1.8|shapeless:-1.8|see-through:-1
        sheer:-0.6|thin:-0.8|tight:-0.8|snug:-0.2|baggy:-1|huge:-0.8|tiny:-0.5|short:-0.3|wrinkled:-1.4|wrinkles:-1.2|pilling:-2|pilled:-2
        shrank:-2.2|shrunk:-2|faded:-1.8|ripped:-2.2|torn:-2.2|stain:-1.5|stained:-1.8|defective:-2.9|broken:-2.6|broke:-2.5|breaks:-2.2
        junk:-3|garbage:-3.2|trash:-3|useless:-2.8|worthless:-3|waste:-2.7|wasted:-2.6|refund:-1.8|return:-1.2|returned:-1.9|returning:-2
        problem:-1.3|problems:-1.4|issue:-1.1|issues:-1.2|fault:-1.5|faulty:-2.5|fail:-2.3|failed:-2.4|fails:-2.2|failure:-2.5|noisy:-1.8
        noise:-1.2|hum:-0.9|buzz:-1.1|buzzing:-1.3|crackle:-1.6|static:-0.9|loose:-0.9|wobbly:-1.5|annoying:-2.1|annoyed:-2|frustrating:-2.3
        frustrated:-2.3|mess:-1.8|weird:-1.4|odd:-1|strange:-1.1|awkward:-1.6|unfortunately:-1.8|sadly:-1.8|sad:-2|regret:-2.4|mistake:-1.9
        overpriced:-2.2|expensive:-0.9|pricey:-0.8|costly:-1|difficult:-1.3|hard:-0.4|unusable:-2.9|unreliable:-2.4|inferior:-2.4|mediocre:-1.6
        meh:-1.2|lacking:-1.4|lacks:-1.3|bland:-1.4|dull:-1.5|fake:-2.4|damaged:-2.6|missing:-1.6|wrong:-1.8|misleading:-2.4|scam:-3.2
        avoid:-2.3|beware:-2.2|sucks:-2.9|crap:-2.8|crappy:-2.8|lousy:-2.6|pathetic:-2.8|ridiculous:-2.1|unacceptable:-2.7|complaint:-1.7
        complaints:-1.7|rough:-1.1|stiff:-1.1|heavy:-0.5|smell:-1|smells:-1.2|stinks:-2.3|dead:-2|died:-2.2|stopped:-1.2|sloppily:-2
        strange fit:-1.8|odd fit:-1.8|runs small:-0.9|runs large:-0.9|runs big:-0.9|too small:-1.6|too big:-1.6|too large:-1.6|too tight:-1.8
        too short:-1.4|too long:-1.2|too loose:-1.5|too wide:-1.4|too thin:-1.6|sent it back:-2.5|send it back:-2.5|sending it back:-2.5
        sent back:-2.3|going back:-2|went back:-2|returned it:-2.4|return it:-2|waste of money:-3.3|not worth:-2.2|fell apart:-2.9
        falls apart:-2.9|fall apart:-2.7|stopped working:-2.8|stop working:-2.6|quit working:-2.8|doesn't work:-2.5|didn't work:-2.5
        does not work:-2.5|did not work:-2.5|not working:-2.4|don't buy:-2.8|do not buy:-2.8|stay away:-2.8|piece of junk:-3.3
        poor quality:-2.8|cheaply made:-2.7|looks cheap:-2.3|look cheap:-2.3|felt cheap:-2.3|feels cheap:-2.3|one star:-2.6|1 star:-2.6
        not flattering:-2.2|no support:-1.6|huge disappointment:-3.2|big disappointment:-3|very disappointed:-3|so disappointed:-3
        wanted to love:-1.6|wanted to like:-1.3|hoped to love:-1.6|hoping to love:-1.4|really wanted to love:-1.9|wanted it to work:-1.6
        """;

    private const string ChineseValences = """
        好:1.9|不错:2.2|满意:2.4|喜欢:2.6|很好:2.3|完美:3.1|漂亮:2.6|好看:2.5|舒服:2.2|舒适:2.1|合适:1.6|合身:1.7|值:1.4|值得:2|划算:2
        实惠:1.8|便宜:1.1|快:1|赞:2.7|点赞:2.7|推荐:2|好评:2.6|精致:2.2|结实:1.7|耐用:1.9|清晰:1.5|惊喜:2.5|优秀:2.6|棒:2.6|超值:2.6
        正品:1.5|给力:2.6|喜爱:2.5|开心:2.3|高兴:2.2|放心:1.7|贴心:2|柔软:1.5|好用:2.2|好听:2.3|流畅:1.7|稳定:1.2|及时:1.3|专业:1.3
        热情:1.7|耐心:1.6|干净:1.1|准确:1.3|正好:1.6|好吃:2.3|满分:3|完好:1.5|漂亮的:2.6|太好了:3|还行:0.6|还可以:0.8|挺好:2
        时尚:1.8|大方:1.6|百搭:1.8|显瘦:1.9|保暖:1.4|透气:1.3|厚实:1.2|细腻:1.8|牢固:1.6|快速:1.2|迅速:1.3|神速:2.3|五星:2.6|回购:2
        差:-2.5|失望:-2.7|退货:-2.2|退款:-1.8|垃圾:-3.2|烂:-2.6|坏:-2.2|坏了:-2.5|破:-1.6|假:-2.2|假货:-3.1|慢:-1.5|贵:-1.4
        难看:-2.6|难受:-2|后悔:-2.7|糟糕:-2.8|问题:-1.2|毛病:-1.7|瑕疵:-1.8|掉色:-2.1|褪色:-2.1|起球:-2.1|异味:-2.1|臭:-2.2
        粗糙:-2|劣质:-3|骗:-2.9|骗人:-3|坑:-2.3|投诉:-2.3|生气:-2.3|郁闷:-2.1|麻烦:-1.2|敷衍:-2.2|不满:-2.2|破损:-2.4|脏:-2.1
        偏大:-0.6|偏小:-0.6|漏:-1.6|卡顿:-2.1|发热:-1|噪音:-1.6|杂音:-1.7|断:-1.5|裂:-1.7|缩水:-2.1|差评:-3.1|无语:-2.2|一般:-0.8
        凑合:-0.5|差劲:-2.9|太差:-3|差差:-3|难用:-2.3|难闻:-2.3|失败:-2.4|故障:-2.4|色差:-1.6|变形:-1.9|开线:-1.9|掉毛:-1.9|线头:-1.2
        磨脚:-1.9|闷热:-1.3|薄:-0.6|太贵:-2|不值:-2.2|上当:-2.8|心塞:-2.2|坑人:-2.8|失灵:-2.4|没用:-2.2|扯:-1.2|差劲的:-2.9
        """;

    private const string Modifiers = """
        very:1.3|really:1.3|extremely:1.6|so:1.25|super:1.35|incredibly:1.5|absolutely:1.4|totally:1.3|completely:1.3|quite:1.15
        highly:1.4|truly:1.3|most:1.25|especially:1.2|particularly:1.2|definitely:1.2|utterly:1.5|exceptionally:1.5|remarkably:1.3
        amazingly:1.4|insanely:1.5|seriously:1.25|too:1.15|beyond:1.3|entirely:1.3|thoroughly:1.3|overly:1.2|way:1.15
        slightly:0.6|somewhat:0.7|bit:0.7|little:0.75|kinda:0.7|fairly:0.85|rather:0.9|mostly:0.85|barely:0.5|marginally:0.6|mildly:0.65
        partly:0.7|almost:0.8|nearly:0.8|relatively:0.85|reasonably:0.85
        很:1.3|非常:1.5|太:1.5|特别:1.4|超:1.4|超级:1.5|真:1.2|真的:1.2|挺:1.15|十分:1.4|极:1.5|极其:1.6|相当:1.3|最:1.4|更:1.2
        有点:0.6|有些:0.6|稍微:0.6|略:0.6|略微:0.6|一点:0.7|比较:0.9|还算:0.8|蛮:1.1|巨:1.5|贼:1.4|超级无敌:1.7
        """;

    private const string Negators = "not no never n't without nothing none nobody neither nor hardly cannot cant dont doesnt didnt isnt wasnt wont " +
        "couldnt wouldnt shouldnt aint lack lacking 不 没 没有 别 无 未 不是 不太 不怎么 毫无 从不 从未 并不 并没有 绝不";

    private const string Contrasts = "but however yet although though 但 但是 可是 不过 然而 却 只是";

    private const string Aspects = """
        battery:batteries|battery life|charge|charging
        fit:fits|fitting|fitted|snug|tight|loose|baggy|runs small|runs large|runs big|true to size|too tight|too loose
        size:sizes|sizing|sized|small|large|medium|petite|xs|xl|too small|too big|too large
        price:prices|priced|cost|costs|value|overpriced|expensive|cheap|pricey|affordable|bargain|money|worth
        quality:build|construction|made|workmanship|stitching|seams|durable|sturdy|flimsy|well made|cheaply made|poor quality
        sound:sounds|tone|tones|audio|volume|noise|noisy|hum|buzz|buzzing|crackle
        strings:string
        delivery:shipping|shipped|arrived|arrival|package|packaging|delivered|seller
        colour:color|colors|colours|colored|shade|print|pattern
        material:materials|fabric|fabrics|cotton|wool|linen|silk|polyester|knit|lining|rayon|cashmere
        comfort:comfortable|comfy|uncomfortable|itchy|scratchy|soft
        length:long|short|hem|inseam|too short|too long
        service:customer service|support|returns
        价格:价钱|价位|性价比|便宜|贵|太贵|划算|实惠|超值
        质量:品质|做工|质感|用料|结实|耐用|劣质|粗糙|线头|开线
        尺码:尺寸|码数|大小|码|偏大|偏小|合身
        颜色:色差|颜色|色泽|掉色|褪色
        物流:快递|发货|送货|配送|包装
        电池:续航|电量|充电
        音质:声音|音效|杂音|噪音
        材质:面料|布料|材料|起球
        舒适:舒服|舒适度|磨脚|闷热|透气
        服务:客服|态度|售后
        外观:样子|款式|外形|好看|难看|漂亮
        """;
}
