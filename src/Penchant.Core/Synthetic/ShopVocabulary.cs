namespace Penchant.Core.Synthetic;

/// <summary>A leaf category: its English and Chinese names and the English noun used in titles.</summary>
internal sealed record LeafSpec(string En, string Zh, string Noun);

/// <summary>A second-level category and its leaves.</summary>
internal sealed record SubSpec(string En, string Zh, LeafSpec[] Leaves);

/// <summary>
/// One review aspect in both languages: a positive and a negative English phrase and the same in Chinese.
/// </summary>
internal sealed record AspectSpec(string Aspect, string PositiveEn, string NegativeEn, string PositiveZh, string NegativeZh);

/// <summary>A top-level category with everything needed to dress its items.</summary>
internal sealed record TopSpec(
    string En,
    string Zh,
    double MedianPrice,
    string[] Brands,
    (string En, string Zh)[] Adjectives,
    string[] Materials,
    AspectSpec[] Aspects,
    SubSpec[] Subs);

/// <summary>
/// The fixed vocabulary of the synthetic shop: an eight-branch category tree in English and Chinese, invented
/// brand names, adjectives, materials, colours, styles and review phrases. Brand names are made up so that
/// generated data never reads as a claim about a real company.
/// </summary>
internal static class ShopVocabulary
{
    public static readonly (string En, string Zh)[] Colours =
    [
        ("black", "黑色"), ("white", "白色"), ("grey", "灰色"), ("navy", "藏青色"), ("red", "红色"),
        ("green", "绿色"), ("beige", "米色"), ("blue", "蓝色"), ("pink", "粉色"), ("yellow", "黄色"),
    ];

    public static readonly (string En, string Zh)[] Styles =
    [
        ("classic", "经典"), ("modern", "现代"), ("minimalist", "简约"), ("sporty", "运动风"),
        ("vintage", "复古"), ("casual", "休闲"), ("premium", "高端"), ("compact", "小巧"),
    ];

    public static readonly AspectSpec[] CommonAspects =
    [
        new("price", "great value for the price", "way too expensive for what it is", "性价比很高", "价格太贵"),
        new("quality", "the quality is excellent", "feels cheap and flimsy", "质量很好", "质量很差"),
        new("delivery", "it arrived quickly and well packed", "delivery took forever", "物流很快", "物流太慢了"),
    ];

    public static readonly string[] PositiveOpenersEn = ["Love it!", "Really happy with this.", "Excellent purchase.", "Would buy again."];

    public static readonly string[] NegativeOpenersEn = ["Very disappointed.", "Would not recommend.", "Not worth it.", "Returned it."];

    public static readonly string[] NeutralOpenersEn = ["It is okay.", "Does the job.", "Average overall."];

    public static readonly string[] PositiveOpenersZh = ["非常喜欢！", "很满意。", "物超所值。", "会回购的。"];

    public static readonly string[] NegativeOpenersZh = ["非常失望。", "不推荐。", "不值这个价。", "已经退货了。"];

    public static readonly string[] NeutralOpenersZh = ["还可以。", "一般般。", "中规中矩。"];

    public static readonly TopSpec[] Tops =
    [
        new(
            "Electronics",
            "电子产品",
            120,
            ["Voltix", "Lumora", "Quanta", "Nexaro", "Brisk Audio", "Ohmly"],
            [("wireless", "无线"), ("portable", "便携"), ("smart", "智能"), ("fast-charging", "快充"), ("noise-cancelling", "降噪"), ("ultra-thin", "超薄")],
            ["aluminium", "plastic", "glass"],
            [
                new("battery", "the battery lasts all day", "the battery died after a week", "电池很耐用", "电池很快就没电了"),
                new("sound", "the sound is crisp and clear", "the sound is tinny", "音质很好", "音质很差"),
                new("screen", "the screen is bright and sharp", "the screen scratches easily", "屏幕很清晰", "屏幕容易刮花"),
            ],
            [
                new("Audio", "音频", [new("Headphones", "耳机", "headphones"), new("Bluetooth speakers", "蓝牙音箱", "bluetooth speaker"), new("Earbuds", "入耳式耳机", "earbuds")]),
                new("Phones", "手机", [new("Smartphones", "智能手机", "smartphone"), new("Phone cases", "手机壳", "phone case"), new("Chargers", "充电器", "charger")]),
                new("Computers", "电脑", [new("Laptops", "笔记本电脑", "laptop"), new("Keyboards", "键盘", "keyboard"), new("Mice", "鼠标", "mouse")]),
                new("Wearables", "可穿戴设备", [new("Smartwatches", "智能手表", "smartwatch"), new("Fitness trackers", "运动手环", "fitness tracker")]),
                new("Cameras", "相机", [new("Action cameras", "运动相机", "action camera"), new("Tripods", "三脚架", "tripod")]),
            ]),
        new(
            "Clothing",
            "服装",
            45,
            ["Marlowe", "Threadly", "Auren", "Kestrel & Co", "Loomis", "Vanta"],
            [("slim-fit", "修身"), ("oversized", "宽松"), ("breathable", "透气"), ("warm", "保暖"), ("lightweight", "轻薄"), ("stretchy", "弹力")],
            ["cotton", "wool", "linen", "polyester", "denim"],
            [
                new("fit", "the fit is perfect", "the fit is way off", "尺码很合适", "尺码不合适"),
                new("fabric", "the fabric feels soft", "the fabric pills after one wash", "面料很舒服", "面料起球严重"),
            ],
            [
                new("Women", "女装", [new("Dresses", "连衣裙", "dress"), new("Blouses", "衬衫", "blouse"), new("Skirts", "半身裙", "skirt")]),
                new("Men", "男装", [new("T-shirts", "T恤", "t-shirt"), new("Jeans", "牛仔裤", "jeans"), new("Shirts", "衬衣", "shirt")]),
                new("Outerwear", "外套", [new("Jackets", "夹克", "jacket"), new("Coats", "大衣", "coat"), new("Down jackets", "羽绒服", "down jacket")]),
                new("Accessories", "配饰", [new("Scarves", "围巾", "scarf"), new("Hats", "帽子", "hat"), new("Belts", "腰带", "belt")]),
            ]),
        new(
            "Sports",
            "运动",
            70,
            ["Northpeak", "Stridewell", "Apexa", "Trailborn", "Kinetica", "Summitra"],
            [("lightweight", "轻量"), ("waterproof", "防水"), ("cushioned", "缓震"), ("durable", "耐用"), ("breathable", "透气"), ("pro", "专业")],
            ["mesh", "rubber", "nylon", "carbon"],
            [
                new("comfort", "very comfortable even on long runs", "gave me blisters", "穿着很舒服", "磨脚"),
                new("grip", "the grip is great on wet ground", "the grip is poor", "抓地力很好", "抓地力太差"),
            ],
            [
                new("Running", "跑步", [new("Trail shoes", "越野跑鞋", "trail running shoes"), new("Road shoes", "公路跑鞋", "road running shoes"), new("Running socks", "跑步袜", "running socks")]),
                new("Cycling", "骑行", [new("Helmets", "头盔", "cycling helmet"), new("Bike lights", "车灯", "bike light"), new("Cycling gloves", "骑行手套", "cycling gloves")]),
                new("Fitness", "健身", [new("Yoga mats", "瑜伽垫", "yoga mat"), new("Dumbbells", "哑铃", "dumbbell set"), new("Resistance bands", "弹力带", "resistance band")]),
                new("Swimming", "游泳", [new("Goggles", "泳镜", "swim goggles"), new("Swimsuits", "泳衣", "swimsuit")]),
                new("Camping", "露营", [new("Tents", "帐篷", "tent"), new("Sleeping bags", "睡袋", "sleeping bag"), new("Headlamps", "头灯", "headlamp")]),
            ]),
        new(
            "Home & Kitchen",
            "家居厨房",
            55,
            ["Hearthly", "Cucina Vera", "Nordhem", "Potterly", "Brightwell", "Casamo"],
            [("non-stick", "不粘"), ("stainless", "不锈钢"), ("stackable", "可叠放"), ("energy-saving", "节能"), ("handmade", "手工"), ("large", "大容量")],
            ["stainless steel", "ceramic", "bamboo", "cast iron", "glass"],
            [
                new("cleaning", "easy to clean", "a pain to clean", "很好清洗", "很难清洗"),
                new("durability", "still like new after months", "broke within a month", "很耐用", "用了一个月就坏了"),
            ],
            [
                new("Cookware", "炊具", [new("Frying pans", "煎锅", "frying pan"), new("Saucepans", "汤锅", "saucepan"), new("Woks", "炒锅", "wok")]),
                new("Small appliances", "小家电", [new("Coffee makers", "咖啡机", "coffee maker"), new("Kettles", "电水壶", "kettle"), new("Blenders", "搅拌机", "blender")]),
                new("Bedding", "床上用品", [new("Duvets", "被子", "duvet"), new("Pillows", "枕头", "pillow"), new("Bed sheets", "床单", "bed sheet set")]),
                new("Storage", "收纳", [new("Food containers", "保鲜盒", "food container set"), new("Shelves", "置物架", "shelf")]),
                new("Lighting", "照明", [new("Desk lamps", "台灯", "desk lamp"), new("Ceiling lights", "吸顶灯", "ceiling light")]),
            ]),
        new(
            "Beauty",
            "美妆个护",
            30,
            ["Lumiere", "Dewberry", "Satinique", "Verdant Skin", "Rosalie", "Kiyora"],
            [("hydrating", "保湿"), ("gentle", "温和"), ("long-lasting", "持久"), ("organic", "有机"), ("fragrance-free", "无香"), ("brightening", "提亮")],
            ["aloe", "vitamin c", "hyaluronic acid", "shea butter"],
            [
                new("scent", "the scent is lovely", "the scent is overpowering", "味道很好闻", "味道太刺鼻"),
                new("skin", "my skin feels great", "it broke me out", "皮肤很舒服", "用了过敏"),
            ],
            [
                new("Skincare", "护肤", [new("Moisturisers", "面霜", "moisturiser"), new("Serums", "精华", "serum"), new("Sunscreens", "防晒霜", "sunscreen")]),
                new("Makeup", "彩妆", [new("Lipsticks", "口红", "lipstick"), new("Foundations", "粉底", "foundation"), new("Mascaras", "睫毛膏", "mascara")]),
                new("Hair care", "护发", [new("Shampoos", "洗发水", "shampoo"), new("Hair dryers", "吹风机", "hair dryer")]),
                new("Fragrance", "香水", [new("Perfumes", "香水", "perfume"), new("Body mists", "身体喷雾", "body mist")]),
            ]),
        new(
            "Toys",
            "玩具",
            35,
            ["Blocktopia", "Playvo", "Tinkerly", "Wonderkin", "Jumbly", "Brightbug"],
            [("colourful", "彩色"), ("educational", "益智"), ("soft", "柔软"), ("remote-control", "遥控"), ("creative", "创意"), ("mini", "迷你")],
            ["wood", "plastic", "plush", "cardboard"],
            [
                new("fun", "my kids love it", "the kids lost interest in a day", "孩子很喜欢", "孩子玩一天就不玩了"),
                new("safety", "feels safe and sturdy", "small parts broke off", "做工结实安全", "小零件容易脱落"),
            ],
            [
                new("Building sets", "积木", [new("Brick sets", "拼搭积木", "brick set"), new("Magnetic tiles", "磁力片", "magnetic tile set")]),
                new("Dolls & plush", "娃娃毛绒", [new("Plush toys", "毛绒玩具", "plush toy"), new("Dolls", "娃娃", "doll")]),
                new("Board games", "桌游", [new("Family games", "家庭桌游", "family board game"), new("Puzzles", "拼图", "jigsaw puzzle")]),
                new("RC & vehicles", "遥控车模", [new("RC cars", "遥控车", "rc car"), new("Drones", "无人机", "toy drone")]),
            ]),
        new(
            "Food & Drinks",
            "食品饮料",
            15,
            ["Harvest Lane", "Teavana Hills", "Roastery Nine", "Goldgrain", "Mapleleaf Farm", "Spicery"],
            [("organic", "有机"), ("sugar-free", "无糖"), ("premium", "精选"), ("single-origin", "单一产地"), ("crunchy", "香脆"), ("family-size", "家庭装")],
            ["paper", "tin", "glass jar"],
            [
                new("taste", "tastes amazing", "tastes stale", "味道很好", "味道不新鲜"),
                new("freshness", "very fresh", "close to its expiry date", "很新鲜", "快过期了"),
            ],
            [
                new("Coffee & tea", "咖啡茶饮", [new("Coffee beans", "咖啡豆", "coffee beans"), new("Green tea", "绿茶", "green tea"), new("Black tea", "红茶", "black tea")]),
                new("Snacks", "零食", [new("Nuts", "坚果", "mixed nuts"), new("Chocolate", "巧克力", "chocolate bar"), new("Crisps", "薯片", "crisps")]),
                new("Pantry", "粮油调味", [new("Olive oil", "橄榄油", "olive oil"), new("Spices", "香料", "spice set"), new("Pasta", "意面", "pasta")]),
            ]),
        new(
            "Pets",
            "宠物用品",
            25,
            ["Pawsome", "Whiskerly", "Barkwell", "Furrytail", "Petwise", "Happy Hound"],
            [("grain-free", "无谷"), ("durable", "耐咬"), ("washable", "可水洗"), ("cozy", "舒适"), ("natural", "天然"), ("adjustable", "可调节")],
            ["rubber", "fleece", "nylon", "chicken"],
            [
                new("pet", "my dog loves it", "my cat would not touch it", "狗狗很喜欢", "猫咪根本不碰"),
                new("durability", "survived months of chewing", "torn apart in a day", "很耐咬", "一天就被咬坏了"),
            ],
            [
                new("Dogs", "狗狗", [new("Dog food", "狗粮", "dog food"), new("Dog toys", "狗玩具", "dog toy"), new("Leashes", "牵引绳", "leash")]),
                new("Cats", "猫咪", [new("Cat food", "猫粮", "cat food"), new("Cat litter", "猫砂", "cat litter"), new("Scratchers", "猫抓板", "cat scratcher")]),
                new("Small pets", "小宠", [new("Bird cages", "鸟笼", "bird cage"), new("Aquariums", "鱼缸", "aquarium")]),
            ]),
    ];
}
