/// LinkedIn's industry taxonomy, "Industry Codes V2": every industry id with its English name and its parent (the
/// industry one level up in LinkedIn's hierarchy), compiled into the binary so facet values of type
/// `urn:li:industry:` get a name when the industries lookup is refused (it needs the scope `r_basicprofile`).
///
/// Source: LinkedIn's reference table at `IndustryCodesV2.source` (434 active industries, read 2026-12-03 from a
/// public copy of that page's table dated 2026-02-10, and checked against a second, independent copy of 200+ of its
/// rows). Names are en_US; the API, when it answers, names values in the configured locale instead.
enum IndustryCodesV2 {
    static let version = "Industry Codes V2"
    static let source = "https://learn.microsoft.com/en-us/linkedin/shared/references/reference-tables/industry-codes-v2"
    static let retrieved = "2026-12-03"

    /// `urn:li:industry:<id>` → name and parent URN.
    static let byURN: [String: (name: String, parent: String?)] = {
        var table: [String: (name: String, parent: String?)] = [:]
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            table["urn:li:industry:\(fields[0])"] = (
                String(fields[2]), fields[1].isEmpty ? nil : "urn:li:industry:\(fields[1])"
            )
        }
        return table
    }()

    /// `id|parent id|name`, one industry a line, in the order of LinkedIn's table.
    private static let rows = """
        2190||Accommodation Services
        34|2190|Food and Beverage Services
        2217|34|Bars, Taverns, and Nightclubs
        2212|34|Caterers
        2214|34|Mobile Food Services
        32|34|Restaurants
        31|2190|Hospitality
        2197|31|Bed-and-Breakfasts, Hostels, Homestays
        2194|31|Hotels and Motels
        1912||Administrative and Support Services
        1938|1912|Collection Agencies
        110|1912|Events Services
        122|1912|Facilities Services
        1965|122|Janitorial Services
        2934|122|Landscaping Services
        101|1912|Fundraising
        1916|1912|Office Administration
        121|1912|Security and Investigations
        1956|121|Security Guards and Patrol Services
        1958|121|Security Systems Services
        104|1912|Staffing and Recruiting
        1923|104|Executive Search Services
        1925|104|Temporary Help Services
        1931|1912|Telephone Call Centers
        108|1912|Translation and Localization
        30|1912|Travel Arrangements
        103|1912|Writing and Editing
        48||Construction
        406|48|Building Construction
        413|406|Nonresidential Building Construction
        408|406|Residential Building Construction
        51|48|Civil Engineering
        431|51|Highway, Street, and Bridge Construction
        428|51|Subdivision of Land
        419|51|Utility System Construction
        435|48|Specialty Trade Contractors
        453|435|Building Equipment Contractors
        460|435|Building Finishing Contractors
        436|435|Building Structure and Exterior Contractors
        91||Consumer Services
        90|91|Civic and Social Organizations
        1909|90|Industry Associations
        107|90|Political Organizations
        1911|90|Professional Organizations
        2318|91|Household Services
        100|91|Non-profit Organizations
        2258|91|Personal and Laundry Services
        2272|2258|Laundry and Drycleaning Services
        2259|2258|Personal Care Services
        2282|2258|Pet Services
        131|91|Philanthropic Fundraising Services
        89|91|Religious Institutions
        2225|91|Repair and Maintenance
        2247|2225|Commercial and Industrial Machinery Maintenance
        2240|2225|Electronic and Precision Equipment Maintenance
        2255|2225|Footwear and Leather Goods Repair
        2253|2225|Reupholstery and Furniture Repair
        2226|2225|Vehicle Repair and Maintenance
        1999||Education
        132|1999|E-Learning Providers
        68|1999|Higher Education
        67|1999|Primary and Secondary Education
        105|1999|Professional Training and Coaching
        2018|1999|Technical and Vocational Training
        2019|2018|Cosmetology and Barber Schools
        2025|2018|Fine Arts Schools
        2020|2018|Flight Training
        2029|2018|Language Schools
        2012|2018|Secretarial Schools
        2027|2018|Sports and Recreation Instruction
        28||Entertainment Providers
        38|28|Artists and Writers
        37|28|Museums, Historical Sites, and Zoos
        2161|37|Historical Sites
        2159|37|Museums
        2163|37|Zoos and Botanical Gardens
        115|28|Musicians
        2130|28|Performing Arts and Spectator Sports
        2139|2130|Circuses and Magic Shows
        2135|2130|Dance Companies
        39|2130|Performing Arts
        33|2130|Spectator Sports
        2143|33|Racetracks
        2142|33|Sports Teams and Clubs
        2133|2130|Theater Companies
        40|28|Recreational Facilities
        2167|40|Amusement Parks and Arcades
        29|40|Gambling Facilities and Casinos
        2179|40|Golf Courses and Country Clubs
        2181|40|Skiing Facilities
        124|40|Wellness and Fitness Services
        201||Farming, Ranching, Forestry
        63|201|Farming
        150|63|Horticulture
        298|201|Forestry and Logging
        256|201|Ranching and Fisheries
        66|256|Fisheries
        64|256|Ranching
        43||Financial Services
        129|43|Capital Markets
        1720|129|Investment Advice
        45|129|Investment Banking
        46|129|Investment Management
        1713|129|Securities and Commodity Exchanges
        106|129|Venture Capital and Private Equity Principals
        1673|43|Credit Intermediation
        41|1673|Banking
        141|1673|International Trade and Development
        1696|1673|Loan Brokers
        1678|1673|Savings Institutions
        1742|43|Funds and Trusts
        1743|1742|Insurance and Employee Benefit Funds
        1745|1742|Pension Funds
        1750|1742|Trusts and Estates
        42|43|Insurance
        1738|42|Claims Adjusting, Actuarial Services
        1737|42|Insurance Agencies and Brokerages
        1725|42|Insurance Carriers
        75||Government Administration
        73|75|Administration of Justice
        3068|73|Correctional Institutions
        3065|73|Courts of Law
        3070|73|Fire Protection
        77|73|Law Enforcement
        78|73|Public Safety
        2375|75|Economic Programs
        3085|2375|Transportation Programs
        3086|2375|Utilities Administration
        388|75|Environmental Quality Programs
        2366|388|Air, Water, and Waste Program Management
        2368|388|Conservation Programs
        2353|75|Health and Human Services
        69|2353|Education Administration Programs
        2360|2353|Public Assistance Programs
        2358|2353|Public Health
        2369|75|Housing and Community Development
        2374|2369|Community Development and Urban Planning
        3081|2369|Housing Programs
        2391|75|Military and International Affairs
        71|2391|Armed Forces
        74|2391|International Affairs
        79|75|Public Policy Offices
        76|79|Executive Offices
        72|79|Legislative Offices
        3089|75|Space Research and Technology
        1905||Holding Companies
        14||Hospitals and Health Care
        2115|14|Community Services
        2112|2115|Services for the Elderly and Disabled
        2081|14|Hospitals
        88|14|Individual and Family Services
        2128|88|Child Day Care Services
        2122|88|Emergency and Relief Services
        2125|88|Vocational Rehabilitation Services
        13|14|Medical Practices
        125|13|Alternative Medicine
        2077|13|Ambulance Services
        2048|13|Chiropractors
        2045|13|Dentists
        2060|13|Family Planning Centers
        2074|13|Home Health Care Services
        2069|13|Medical and Diagnostic Laboratories
        139|13|Mental Health Care
        2050|13|Optometrists
        2063|13|Outpatient Care Centers
        2054|13|Physical, Occupational and Speech Therapists
        2040|13|Physicians
        2091|14|Nursing Homes and Residential Care Facilities
        25||Manufacturing
        598|25|Apparel Manufacturing
        615|598|Fashion Accessories Manufacturing
        112|25|Appliances, Electrical, and Electronics Manufacturing
        998|112|Electric Lighting Equipment Manufacturing
        2468|112|Electrical Equipment Manufacturing
        3255|2468|Fuel Cell Manufacturing
        1005|112|Household Appliance Manufacturing
        54|25|Chemical Manufacturing
        709|54|Agricultural Chemical Manufacturing
        703|54|Artificial Rubber and Synthetic Fiber Manufacturing
        690|54|Chemical Raw Materials Manufacturing
        722|54|Paint, Coating, and Adhesive Manufacturing
        18|54|Personal Care Product Manufacturing
        15|54|Pharmaceutical Manufacturing
        727|54|Soap and Cleaning Product Manufacturing
        3251|25|Climate Technology Product Manufacturing
        24|25|Computers and Electronics Manufacturing
        973|24|Audio and Video Equipment Manufacturing
        964|24|Communications Equipment Manufacturing
        3|24|Computer Hardware Manufacturing
        3245|3|Accessible Hardware Manufacturing
        994|24|Magnetic and Optical Media Manufacturing
        983|24|Measuring and Control Instrument Manufacturing
        3254|983|Smart Meter Manufacturing
        7|24|Semiconductor Manufacturing
        144|7|Renewable Energy Semiconductor Manufacturing
        840|25|Fabricated Metal Products
        852|840|Architectural and Structural Metal Manufacturing
        861|840|Boilers, Tanks, and Shipping Container Manufacturing
        871|840|Construction Hardware Manufacturing
        849|840|Cutlery and Handtool Manufacturing
        883|840|Metal Treatments
        887|840|Metal Valve, Ball, and Roller Manufacturing
        873|840|Spring and Wire Product Manufacturing
        876|840|Turned Products and Fastener Manufacturing
        23|25|Food and Beverage Manufacturing
        562|23|Breweries
        564|23|Distilleries
        2500|23|Wineries
        481|23|Animal Feed Manufacturing
        529|23|Baked Goods Manufacturing
        142|23|Beverage Manufacturing
        65|23|Dairy Product Manufacturing
        504|23|Fruit and Vegetable Preserves Manufacturing
        521|23|Meat Products Manufacturing
        528|23|Seafood Product Manufacturing
        495|23|Sugar and Confectionery Product Manufacturing
        26|25|Furniture and Home Furnishings Manufacturing
        1080|26|Household and Institutional Furniture Manufacturing
        1095|26|Mattress and Blinds Manufacturing
        1090|26|Office Furniture and Fixtures Manufacturing
        145|25|Glass, Ceramics and Concrete Manufacturing
        799|145|Abrasives and Nonmetallic Minerals Manufacturing
        773|145|Clay and Refractory Products Manufacturing
        779|145|Glass Product Manufacturing
        794|145|Lime and Gypsum Products Manufacturing
        616|25|Leather Product Manufacturing
        622|616|Footwear Manufacturing
        625|616|Women's Handbag Manufacturing
        55|25|Machinery Manufacturing
        901|55|Agriculture, Construction, Mining Machinery Manufacturing
        147|55|Automation Machinery Manufacturing
        3247|147|Robot Manufacturing
        918|55|Commercial and Service Industry Machinery Manufacturing
        935|55|Engines and Power Transmission Equipment Manufacturing
        3241|935|Renewable Energy Equipment Manufacturing
        923|55|HVAC and Refrigeration Equipment Manufacturing
        135|55|Industrial Machinery Manufacturing
        928|55|Metalworking Machinery Manufacturing
        17|25|Medical Equipment Manufacturing
        679|25|Oil and Coal Product Manufacturing
        61|25|Paper and Forest Product Manufacturing
        743|25|Plastics and Rubber Product Manufacturing
        146|743|Packaging and Containers Manufacturing
        117|743|Plastics Manufacturing
        763|743|Rubber Products Manufacturing
        807|25|Primary Metal Manufacturing
        83|25|Printing Services
        20|25|Sporting Goods Manufacturing
        60|25|Textile Manufacturing
        21|25|Tobacco Manufacturing
        1029|25|Transportation Equipment Manufacturing
        52|1029|Aviation and Aerospace Component Manufacturing
        1|1029|Defense and Space Manufacturing
        53|1029|Motor Vehicle Manufacturing
        3253|53|Alternative Fuel Vehicle Manufacturing
        1042|1029|Motor Vehicle Parts Manufacturing
        62|1029|Railroad Equipment Manufacturing
        58|1029|Shipbuilding
        784|25|Wood Product Manufacturing
        332||Oil, Gas, and Mining
        56|332|Mining
        341|56|Coal Mining
        345|56|Metal Ore Mining
        356|56|Nonmetallic Mineral Mining
        57|332|Oil and Gas
        3096|57|Natural Gas Extraction
        3095|57|Oil Extraction
        1810||Professional Services
        47|1810|Accounting
        80|1810|Advertising Services
        148|80|Government Relations Services
        98|80|Public Relations and Communications Services
        97|80|Market Research
        50|1810|Architecture and Planning
        3246|50|Accessible Architecture and Design
        11|1810|Business Consulting and Services
        86|11|Environmental Services
        137|11|Human Resources Services
        1862|11|Marketing Services
        2401|11|Operations Consulting
        123|11|Outsourcing and Offshoring Consulting
        102|11|Strategic Management Services
        99|1810|Design Services
        140|99|Graphic Design
        3256|99|Regenerative Design
        3126|99|Interior Design
        3242|1810|Engineering Services
        3248|3242|Robotics Engineering
        3249|3242|Surveying and Mapping Services
        96|1810|IT Services and IT Consulting
        118|96|Computer and Network Security
        3244|96|Digital Accessibility Services
        3102|96|IT System Custom Software Development
        3106|96|IT System Data Services
        1855|96|IT System Design Services
        3104|96|IT System Installation and Disposal
        3103|96|IT System Operations and Maintenance
        3107|96|IT System Testing and Evaluation
        3105|96|IT System Training and Support
        10|1810|Legal Services
        120|10|Alternative Dispute Resolution
        9|10|Law Practice
        136|1810|Photography
        70|1810|Research Services
        12|70|Biotechnology Research
        114|70|Nanotechnology Research
        130|70|Think Tanks
        3243|1810|Services for Renewable Energy
        16|1810|Veterinary Services
        1757||Real Estate and Equipment Rental Services
        1779|1757|Equipment Rental Services
        1798|1779|Commercial and Industrial Equipment Rental
        1786|1779|Consumer Goods Rental
        44|1757|Real Estate
        128|44|Leasing Non-residential Real Estate
        1759|44|Leasing Residential Real Estate
        1770|44|Real Estate Agents and Brokers
        27||Retail
        1339|27|Food and Beverage Retail
        22|1339|Retail Groceries
        1445|27|Online and Mail Order Retail
        19|27|Retail Apparel and Fashion
        1319|27|Retail Appliances, Electrical, and Electronic Equipment
        3186|27|Retail Art Dealers
        111|27|Retail Art Supplies
        1409|27|Retail Books and Printed News
        1324|27|Retail Building Materials and Garden Equipment
        1423|27|Retail Florists
        1309|27|Retail Furniture and Home Furnishings
        1370|27|Retail Gasoline
        1359|27|Retail Health and Personal Care Products
        3250|1359|Retail Pharmacies
        143|27|Retail Luxury Goods and Jewelry
        1292|27|Retail Motor Vehicles
        1407|27|Retail Musical Instruments
        138|27|Retail Office Equipment
        1424|27|Retail Office Supplies and Gifts
        1431|27|Retail Recyclable Materials & Used Merchandise
        1594||Technology, Information and Media
        3133|1594|Media & Telecommunications
        82|3133|Book and Periodical Publishing
        1602|82|Book Publishing
        81|82|Newspaper Publishing
        1600|82|Periodical Publishing
        36|3133|Broadcast Media Production and Distribution
        1641|36|Cable and Satellite Programming
        1633|36|Radio and Television Broadcasting
        35|3133|Movies, Videos and Sound
        127|35|Animation and Post-production
        126|35|Media Production
        1611|35|Movies and Sound Recording
        1623|1611|Sound Recording
        1625|35|Sheet Music Publishing
        8|3133|Telecommunications
        1649|8|Satellite Telecommunications
        1644|8|Telecommunications Carriers
        119|8|Wireless Services
        6|1594|Technology, Information and Internet
        2458|6|Data Infrastructure and Analytics
        3134|2458|Blockchain Services
        3128|2458|Business Intelligence Platforms
        3252|2458|Climate Data and Analytics
        84|6|Information Services
        3132|84|Internet Publishing
        3129|3132|Business Content
        113|3132|Online Audio and Video Media
        3124|113|Internet News
        85|84|Libraries
        3125|3132|Blogs
        1285|6|Internet Marketplace Platforms
        3127|6|Social Networking Platforms
        4|6|Software Development
        109|4|Computer Games
        3131|109|Mobile Gaming Apps
        5|4|Computer Networking Products
        3130|4|Data Security Software Products
        3101|4|Desktop Computing Software Products
        3099|4|Embedded Software Products
        3100|4|Mobile Computing Software Products
        116||Transportation, Logistics, Supply Chain and Storage
        94|116|Airlines and Aviation
        87|116|Freight and Package Transportation
        1495|116|Ground Passenger Transportation
        1504|1495|Interurban and Rural Bus Services
        1512|1495|School and Employee Bus Services
        1517|1495|Shuttles and Special Needs Transportation Services
        1532|1495|Sightseeing Transportation
        1505|1495|Taxi and Limousine Services
        1497|1495|Urban Transit Services
        95|116|Maritime Transportation
        1520|116|Pipeline Transportation
        1573|116|Postal Services
        1481|116|Rail Transportation
        92|116|Truck Transportation
        93|116|Warehousing and Storage
        59||Utilities
        383|59|Electric Power Generation
        385|383|Fossil Fuel Electric Power Generation
        386|383|Nuclear Electric Power Generation
        3240|383|Renewable Energy Power Generation
        390|3240|Biomass Electric Power Generation
        389|3240|Geothermal Electric Power Generation
        384|3240|Hydroelectric Power Generation
        387|3240|Solar Electric Power Generation
        2489|3240|Wind Electric Power Generation
        382|59|Electric Power Transmission, Control, and Distribution
        397|59|Natural Gas Distribution
        398|59|Water, Waste, Steam, and Air Conditioning Services
        404|398|Steam and Air-Conditioning Supply
        1981|398|Waste Collection
        1986|398|Waste Treatment and Disposal
        400|398|Water Supply and Irrigation Systems
        133||Wholesale
        1267|133|Wholesale Alcoholic Beverages
        1222|133|Wholesale Apparel and Sewing Supplies
        1171|133|Wholesale Appliances, Electrical, and Electronics
        49|133|Wholesale Building Materials
        1257|133|Wholesale Chemical and Allied Products
        1157|133|Wholesale Computer Equipment
        1221|133|Wholesale Drugs and Sundries
        1231|133|Wholesale Food and Beverage
        1230|133|Wholesale Footwear
        1137|133|Wholesale Furniture and Home Furnishings
        1178|133|Wholesale Hardware, Plumbing, Heating Equipment
        134|133|Wholesale Import and Export
        1208|133|Wholesale Luxury Goods and Jewelry
        1187|133|Wholesale Machinery
        1166|133|Wholesale Metals and Minerals
        1128|133|Wholesale Motor Vehicles and Parts
        1212|133|Wholesale Paper Products
        1262|133|Wholesale Petroleum and Petroleum Products
        1153|133|Wholesale Photography Equipment and Supplies
        1250|133|Wholesale Raw Farm Products
        1206|133|Wholesale Recyclable Materials
        """
}
