#!/usr/bin/env python3
"""Builds tests/gold/corpus_entities.jsonl from hand-written annotations of corpus/ reviews.

Each review's entities are listed by hand below (read from the review, following
../shared/data/entities/GUIDELINES.md): kind, canonical name, the surfaces it is written as, and
the optional fields (character, actor, artist, role, group). The script only finds the offsets:
every whole-word occurrence of each surface (longest surfaces first, never overlapping), in
Unicode code points as Python slices them. `skip` lists occurrence numbers (0-based, per
surface) that name something else in context. Run from the repository root:

    python3 scripts/gold_build.py            # writes tests/gold/corpus_entities.jsonl
"""
import hashlib
import json
import re
import sys
from pathlib import Path

A = "artist"
EPISODE = {"work_type": "episode"}

# (kind, canonical, [surfaces], {extra fields, optional "skip": {surface: [occurrence, ...]}})
GOLD = {
    "music/bubblegum-apocalypse-detention-forever-ep.txt": [
        ("person", "Bubblegum Apocalypse", ["Bubblegum Apocalypse"], {"role": A, "group": True}),
        ("person", "Tanner Boswell", ["Tanner Boswell"], {"role": A}),
        ("song", "Mall Rat Romance", ["Mall Rat Romance"], {"artist": "Bubblegum Apocalypse"}),
    ],
    "tv/cul-de-sac-kings.txt": [
        ("show", "Cul-de-Sac Kings", ["Cul-de-Sac Kings"], {}),
        ("character", "Gary Pruitt", ["Gary Pruitt"], {"actor": "Doug Ellingsworth"}),
        ("actor", "Doug Ellingsworth", ["Doug Ellingsworth", "Ellingsworth"], {"character": "Gary Pruitt"}),
        ("character", "Neil Sandoval", ["Neil Sandoval"], {"actor": "Brent Kaczmarek"}),
        ("actor", "Brent Kaczmarek", ["Brent Kaczmarek", "Kaczmarek"], {"character": "Neil Sandoval"}),
        ("actor", "Tasha Renfroe", ["Tasha Renfroe"], {}),
        ("actor", "Mei-Lin Garrity", ["Mei-Lin Garrity"], {}),
    ],
    "film/seven-minutes-to-noon.txt": [
        ("show", "Seven Minutes to Noon", ["Seven Minutes to Noon"], {}),
        ("person", "Oskar Lindahl-Burke", ["Oskar Lindahl-Burke"], {"role": "director"}),
        ("actor", "Fern Okereke-Walsh", ["Fern Okereke-Walsh"], {}),
        ("actor", "Mattias Grey-Holm", ["Mattias Grey-Holm"], {}),
    ],
    "music/noor-halabi-quist-kite-season-single.txt": [
        ("person", "Noor Halabi-Quist", ["Noor Halabi-Quist", "Halabi-Quist"], {"role": A}),
        ("song", "Kite Season", ["Kite Season"], {"artist": "Noor Halabi-Quist"}),
        ("person", "Dov Amsel-Laine", ["Dov Amsel-Laine"], {"role": "producer"}),
        ("song", "Orange Peel Summer", ["Orange Peel Summer"], {"artist": "Noor Halabi-Quist"}),
    ],
    "tv/starboard-kids.txt": [
        ("show", "Starboard Kids", ["Starboard Kids"], {}),
        ("character", "Nana Bexley", ["Nana Bexley"], {"actor": "Philippa Treadgold-Mokoena"}),
        ("actor", "Philippa Treadgold-Mokoena", ["Philippa Treadgold-Mokoena"], {"character": "Nana Bexley"}),
        ("song", "Bail Out the Boat!", ["Bail Out the Boat!"], {"artist": "Puddle Jumpers"}),
        ("person", "Puddle Jumpers", ["Puddle Jumpers"], {"role": A, "group": True}),
        ("person", "Lorcan Atwell-Diaz", ["Lorcan Atwell-Diaz"], {"role": "creator"}),
    ],
    "film/the-last-lighthouse-keeper.txt": [
        ("show", "The Last Lighthouse Keeper", ["The Last Lighthouse Keeper"], {}),
        ("person", "Ysolde Penhaligon-Adair", ["Ysolde Penhaligon-Adair", "Penhaligon-Adair"], {"role": "director"}),
        ("actor", "Fionnuala Quirke-Davin", ["Fionnuala Quirke-Davin", "Quirke-Davin"], {"character": "Nora Keogh"}),
        ("actor", "Sigurður Árnason-Kelly", ["Sigurður Árnason-Kelly"], {"character": "Halldór"}),
        ("actor", "Maeve Costigan-Ward", ["Maeve Costigan-Ward"], {"character": "Bríd"}),
        ("character", "Nora Keogh", ["Nora Keogh", "Nora"], {"actor": "Fionnuala Quirke-Davin"}),
        ("character", "Halldór", ["Halldór"], {"actor": "Sigurður Árnason-Kelly"}),
        ("character", "Bríd", ["Bríd"], {"actor": "Maeve Costigan-Ward"}),
        ("person", "Ragnheiður Flóki-Moran", ["Ragnheiður Flóki-Moran"], {"role": "composer"}),
        ("song", "The Keeper’s Lament", ["The Keeper’s Lament"], {"artist": "Fionnuala Quirke-Davin"}),
    ],
    "other/under-the-floorboards-podcast.txt": [
        ("show", "Under the Floorboards", ["Under the Floorboards"], {}),
        ("person", "Cormac Delahunty-Fisk", ["Cormac Delahunty-Fisk"], {"role": "writer"}),
        ("person", "Ama Owusu-Bright", ["Ama Owusu-Bright", "Owusu-Bright"], {"role": "writer"}),
        ("character", 'Constance "Connie" Pennock', ['Constance "Connie" Pennock', "Connie"], {"actor": "Imelda Croft-Nnadi"}),
        ("actor", "Imelda Croft-Nnadi", ["Imelda Croft-Nnadi"], {"character": 'Constance "Connie" Pennock'}),
        ("actor", "Bertram Nwachukwu", ["Bertram Nwachukwu"], {"character": "Dobbs"}),
        ("character", "Dobbs", ["Dobbs"], {"actor": "Bertram Nwachukwu"}),
        ("actor", "Sinead Vallance-Oyo", ["Sinead Vallance-Oyo"], {"character": "Priya Lachlan"}),
        ("character", "Priya Lachlan", ["Priya Lachlan"], {"actor": "Sinead Vallance-Oyo"}),
        ("actor", "Hugo Marchbank", ["Hugo Marchbank"], {"character": "Danny"}),
        ("character", "Danny", ["Danny"], {"actor": "Hugo Marchbank"}),
        ("person", "Teodora Ilic-Brennan", ["Teodora Ilic-Brennan"], {"role": "sound designer"}),
        ("song", "Floorboards", ["Floorboards"], {"artist": "Fen Castaway-Moore"}),
        ("person", "Fen Castaway-Moore", ["Fen Castaway-Moore"], {"role": "composer"}),
    ],
    "tv/the-bad-idea-factory.txt": [
        ("show", "The Bad Idea Factory", ["The Bad Idea Factory"], {}),
        ("actor", "Ruth Alabi-Norris", ["Ruth Alabi-Norris", "Alabi-Norris"], {}),
        ("actor", "Fergus McAleese", ["Fergus McAleese"], {}),
        ("character", "Mr. Crumb", ["Mr. Crumb"], {}),
        ("actor", "Priya Venkataraman-Holt", ["Priya Venkataraman-Holt"], {}),
        ("actor", "Desmond Ebbesen-Lowe", ["Desmond Ebbesen-Lowe"], {}),
        ("person", "Clementine Fairbrother", ["Clementine Fairbrother"], {"role": "writer"}),
    ],
    "tv/ex-boyfriend-island-season-4.txt": [
        ("show", "Ex-Boyfriend Island", ["Ex-Boyfriend Island"], {}),
        ("actor", "Cressida Vaughn-Albright", ["Cressida Vaughn-Albright", "Cressida"], {}),
        ("actor", "Jax Derringer", ["Jax Derringer"], {}),
        ("person", "Kyle", ["Kyle"], {"role": "contestant"}),
        ("person", "Brianna", ["Brianna"], {"role": "contestant"}),
        ("person", "Shanice", ["Shanice"], {"role": "contestant"}),
    ],
    "music/pilvi-sodium-lights.txt": [
        ("person", "Pilvi", ["Pilvi Haapakoski-Linde", "Pilvi"], {"role": A}),
        ("person", "Sander Holmqvist-Ebo", ["Sander Holmqvist-Ebo"], {"role": A}),
        ("song", "Route 14", ["Route 14"], {"artist": "Pilvi"}),
        ("song", "Night Fare", ["Night Fare"], {"artist": "Pilvi"}),
        ("song", "Request Stop", ["Request Stop"], {"artist": "Pilvi"}),
        ("song", "Upper Deck", ["Upper Deck"], {"artist": "Pilvi"}),
        ("song", "Depot", ["Depot"], {"artist": "Pilvi"}),
        # "Sodium" alone is the single; the other occurrences begin the album title.
        ("song", "Sodium", ["Sodium"], {"artist": "Pilvi", "skip": {"Sodium": [0, 1, 3]}}),
    ],
    "tv/lantern-bay-pilot.txt": [
        ("show", "Lantern Bay", ["Lantern Bay"], {}),
        ("show", "Pilot", ["Pilot"], {"work_type": "episode"}),
        ("character", "Caleb Dunmore", ["Caleb Dunmore", "Caleb"], {"actor": "Rhett Abernathy-Cole"}),
        ("actor", "Rhett Abernathy-Cole", ["Rhett Abernathy-Cole", "Abernathy-Cole"], {"character": "Caleb Dunmore"}),
        ("character", "Lacey Whitcomb", ["Lacey Whitcomb", "Lacey"], {"actor": "Amelia Strand"}),
        ("actor", "Amelia Strand", ["Amelia Strand"], {"character": "Lacey Whitcomb"}),
        ("character", "Joanne", ["Joanne"], {"actor": "Bethany Croft-Ellison"}),
        ("actor", "Bethany Croft-Ellison", ["Bethany Croft-Ellison", "Croft-Ellison"], {"character": "Joanne"}),
        ("actor", "Edwina Oduah-Marsh", ["Edwina Oduah-Marsh"], {"character": "Ormsby"}),
        ("character", "Ormsby", ["Ormsby"], {"actor": "Edwina Oduah-Marsh"}),
        ("person", "Fletcher Vandermolen", ["Fletcher Vandermolen"], {"role": "creator"}),
        ("person", "Ingrid Solheim-Parke", ["Ingrid Solheim-Parke"], {"role": "director"}),
    ],
    "film/velvet-and-vinegar.md": [
        ("show", "Velvet & Vinegar", ["Velvet & Vinegar"], {}),
        ("person", "Brandon Tierney-Caldwell", ["Brandon Tierney-Caldwell"], {"role": "director"}),
        ("actor", "Sloane Whitaker-Ruiz", ["Sloane Whitaker-Ruiz", "Whitaker-Ruiz"], {"character": "Harper Lyle"}),
        ("actor", "Griffin Adebayo-Marsh", ["Griffin Adebayo-Marsh", "Adebayo-Marsh"], {"character": "Luca Benvenuti"}),
        ("character", "Harper Lyle", ["Harper Lyle", "Harper"], {"actor": "Sloane Whitaker-Ruiz"}),
        ("character", "Luca Benvenuti", ["Luca Benvenuti", "Luca"], {"actor": "Griffin Adebayo-Marsh"}),
        ("actor", "Preston Hale-Whitcombe", ["Preston Hale-Whitcombe"], {}),
        ("person", "Luisa Ferrandi-Bloom", ["Luisa Ferrandi-Bloom"], {"role": "cinematographer"}),
        ("song", "Amore in Ritardo", ["Amore in Ritardo"], {"artist": "Tonino Vela"}),
        ("person", "Tonino Vela", ["Tonino Vela"], {"role": A}),
    ],
    "film/marrowgate.txt": [
        ("show", "Marrowgate", ["Marrowgate"], {}),
        ("character", "Catrin Leverett", ["Catrin Leverett", "Catrin"], {"actor": "Honor Blackwood-Ames"}),
        ("actor", "Honor Blackwood-Ames", ["Honor Blackwood-Ames", "Blackwood-Ames"], {"character": "Catrin Leverett"}),
        ("character", "Eli", ["Eli"], {"actor": "Oscar Pembridge-Nunn"}),
        ("actor", "Oscar Pembridge-Nunn", ["Oscar Pembridge-Nunn", "Pembridge-Nunn"], {"character": "Eli"}),
        ("character", "Ashby", ["Ashby"], {"actor": "Gideon Marlowe-Price"}),
        ("actor", "Gideon Marlowe-Price", ["Gideon Marlowe-Price", "Marlowe-Price"], {"character": "Ashby"}),
        ("person", "Piers Hallam-Rhys", ["Piers Hallam-Rhys"], {"role": "director"}),
        ("person", "Bryn Aldous-Kerr", ["Bryn Aldous-Kerr"], {"role": "cinematographer"}),
        ("person", "Morwenna Tate-Baxter", ["Morwenna Tate-Baxter"], {"role": "composer"}),
    ],
    "tv/frostline.txt": [
        ("show", "Frostline", ["Frostline"], {}),
        ("show", "Polar Night", ["Polar Night"], EPISODE),
        ("show", "Tailings", ["Tailings"], EPISODE),
        ("show", "The Ferry", ["The Ferry"], EPISODE),
        ("show", "Core Samples", ["Core Samples"], EPISODE),
        ("show", "Whiteout", ["Whiteout"], EPISODE),
        ("show", "Ingeborg", ["Ingeborg"], EPISODE),
        ("show", "Thaw", ["Thaw"], EPISODE),
        ("show", "First Light", ["First Light"], EPISODE),
        ("person", "Henrik Aasheim-Lund", ["Henrik Aasheim-Lund"], {"role": "creator"}),
        ("person", "Marit Sølvberg", ["Marit Sølvberg"], {"role": "creator"}),
        ("person", "Jóhanna Eyvindsdóttir", ["Jóhanna Eyvindsdóttir"], {"role": "director"}),
        ("person", "Peder Knutsen-Ahl", ["Peder Knutsen-Ahl"], {"role": "director"}),
        ("person", "Eirik Haldorsen", ["Eirik Haldorsen"], {"role": "composer"}),
        ("character", "Arne Vestby", ["Arne Vestby", "Vestby"], {"actor": "Kristoffer Haugland"}),
        ("actor", "Kristoffer Haugland", ["Kristoffer Haugland"], {"character": "Arne Vestby"}),
        ("character", "Sigrid Nyhus", ["Sigrid Nyhus", "Nyhus"], {"actor": "Liv Brekke-Tandberg"}),
        ("actor", "Liv Brekke-Tandberg", ["Liv Brekke-Tandberg", "Brekke-Tandberg"], {"character": "Sigrid Nyhus"}),
        ("character", "Jonas Rask", ["Jonas Rask", "Rask"], {"actor": "Emil Faaberg"}),
        ("actor", "Emil Faaberg", ["Emil Faaberg", "Faaberg"], {"character": "Jonas Rask"}),
        ("character", "Ingeborg Dahl", ["Ingeborg Dahl"], {"actor": "Randi Østvold"}),
        ("actor", "Randi Østvold", ["Randi Østvold"], {"character": "Ingeborg Dahl"}),
        ("character", "Tuva", ["Tuva"], {"actor": "Ida Mørch-Eriksen"}),
        ("actor", "Ida Mørch-Eriksen", ["Ida Mørch-Eriksen"], {"character": "Tuva"}),
    ],
    "music/calla-voss-barometer.txt": [
        ("person", "Calla Voss", ["Calla Voss", "Voss"], {"role": A}),
        ("song", "Low Front", ["Low Front"], {"artist": "Calla Voss"}),
        ("song", "Cirrus", ["Cirrus"], {"artist": "Calla Voss"}),
        ("song", "Dewpoint", ["Dewpoint"], {"artist": "Calla Voss"}),
        ("song", "Front Line", ["Front Line"], {"artist": "Calla Voss"}),
        ("song", "Isobar", ["Isobar"], {"artist": "Calla Voss"}),
        ("song", "Storm Chaser", ["Storm Chaser"], {"artist": "Calla Voss"}),
        ("song", "Small Craft Warning", ["Small Craft Warning"], {"artist": "Calla Voss"}),
        ("song", "Clear Skies", ["Clear Skies"], {"artist": "Calla Voss"}),
        ("person", "Kid Montague", ["Kid Montague"], {"role": A}),
        ("person", "Bryony Tillyard", ["Bryony Tillyard"], {"role": "songwriter"}),
    ],
    "film/grandmas-last-heist.md": [
        ("show", "Grandma’s Last Heist", ["Grandma’s Last Heist"], {}),
        ("character", "Winifred “Winnie” Calloway", ["Winifred “Winnie” Calloway", "Winnie"], {"actor": "Rosalind Ashgrove-Peel"}),
        ("actor", "Rosalind Ashgrove-Peel", ["Rosalind Ashgrove-Peel", "Ashgrove-Peel"], {"character": "Winifred “Winnie” Calloway"}),
        ("character", "Archibald Pike", ["Archibald Pike"], {"actor": "Cedric Mallowan-Jones"}),
        ("actor", "Cedric Mallowan-Jones", ["Cedric Mallowan-Jones", "Mallowan-Jones"], {"character": "Archibald Pike"}),
        ("character", "Doreen Fairbanks", ["Doreen Fairbanks", "Doreen"], {"actor": "Margaret Oyinlola-Watts"}),
        ("actor", "Margaret Oyinlola-Watts", ["Margaret Oyinlola-Watts", "Oyinlola-Watts"], {"character": "Doreen Fairbanks"}),
        ("character", "Percival Dunmore", ["Percival Dunmore", "Dunmore"], {"actor": "Hugo Pinchbeck"}),
        ("actor", "Hugo Pinchbeck", ["Hugo Pinchbeck", "Pinchbeck"], {"character": "Percival Dunmore"}),
        ("actor", "Kieran Abubakar-Shaw", ["Kieran Abubakar-Shaw"], {}),
        ("person", "Fenella Rudd-Ambrose", ["Fenella Rudd-Ambrose"], {"role": "director"}),
        ("person", "Olu Bankole", ["Olu Bankole"], {"role": "writer"}),
        ("song", "Rob Me Blind", ["Rob Me Blind"], {"artist": "Hartley Brothers"}),
        ("person", "Hartley Brothers", ["Hartley Brothers"], {"role": A, "group": True}),
        ("actor", "Jasper Kingsley-Vance", ["Jasper Kingsley-Vance"], {}),
    ],
    "film/dust-devils-of-caliche-county.txt": [
        ("show", "Dust Devils of Caliche County", ["Dust Devils of Caliche County"], {}),
        ("character", "Ezra Thorncastle", ["Ezra Thorncastle", "Thorncastle"], {"actor": "Wyatt Dunleavy-Grange"}),
        ("actor", "Wyatt Dunleavy-Grange", ["Wyatt Dunleavy-Grange", "Dunleavy-Grange"], {"character": "Ezra Thorncastle"}),
        ("character", "Silas Pettibone", ["Silas Pettibone", "Pettibone"], {"actor": "Ambrose Whitlock-Fayed"}),
        ("actor", "Ambrose Whitlock-Fayed", ["Ambrose Whitlock-Fayed", "Whitlock-Fayed"], {"character": "Silas Pettibone"}),
        ("character", "Delphine Rourke", ["Delphine Rourke", "Rourke"], {"actor": "Carys Bellamy-Ortiz"}),
        ("actor", "Carys Bellamy-Ortiz", ["Carys Bellamy-Ortiz", "Bellamy-Ortiz"], {"character": "Delphine Rourke"}),
        ("person", "Jensen Holloway-Pratt", ["Jensen Holloway-Pratt"], {"role": "director"}),
        ("person", "Barnaby Sutcliffe-Ng", ["Barnaby Sutcliffe-Ng"], {"role": "composer"}),
        ("song", "Caliche Wind", ["Caliche Wind"], {"artist": "Luke Ambrose Tillery"}),
        ("person", "Luke Ambrose Tillery", ["Luke Ambrose Tillery"], {"role": A}),
    ],
    "film/sprocket-and-the-star-garden.txt": [
        ("show", "Sprocket and the Star Garden", ["Sprocket and the Star Garden"], {}),
        ("character", "Sprocket", ["Sprocket"], {"actor": "Ezra Dlamini-Thorne"}),
        ("actor", "Ezra Dlamini-Thorne", ["Ezra Dlamini-Thorne", "Dlamini-Thorne"], {"character": "Sprocket"}),
        ("character", "Juniper", ["Juniper"], {"actor": "Marguerite Osei-Blackwood"}),
        ("actor", "Marguerite Osei-Blackwood", ["Marguerite Osei-Blackwood", "Osei-Blackwood"], {"character": "Juniper"}),
        ("actor", "Rupert Lindgren-Eze", ["Rupert Lindgren-Eze"], {"character": "Barnacle Bex"}),
        ("character", "Barnacle Bex", ["Barnacle Bex"], {"actor": "Rupert Lindgren-Eze"}),
        ("person", "Sanne Kjærgaard", ["Sanne Kjærgaard"], {"role": "director"}),
        ("person", "Anders Whitlock-Ong", ["Anders Whitlock-Ong"], {"role": "director"}),
        ("song", "Little Green Things", ["Little Green Things"], {"artist": "Harriet Quill-Matsuda"}),
        ("person", "Harriet Quill-Matsuda", ["Harriet Quill-Matsuda"], {"role": A}),
    ],
    "other/the-bees-of-kettle-hill.txt": [
        ("show", "The Bees of Kettle Hill", ["The Bees of Kettle Hill"], {}),
        ("person", "Winifred “Fred” Oakhurst", ["Winifred “Fred” Oakhurst", "Fred"], {"role": "subject"}),
        ("person", "Walter", ["Walter"], {}),
        ("person", "Priyanka Voigt-Wendt", ["Priyanka Voigt-Wendt", "Voigt-Wendt"], {"role": "director"}),
        ("person", "Samuel Mwangi-Ashdown", ["Samuel Mwangi-Ashdown"], {"role": "ecologist"}),
        ("person", "Ellie Brackenbury", ["Ellie Brackenbury", "Ellie"], {}),
        ("person", "Joss Kettering-Nnamdi", ["Joss Kettering-Nnamdi"], {"role": "cinematographer"}),
        ("person", "Nell Threlkeld", ["Nell Threlkeld"], {"role": "composer"}),
    ],
    "music/ibrahim-sorlie-quartet-late-light.txt": [
        ("person", "Ibrahim Sørlie Quartet", ["Ibrahim Sørlie Quartet"], {"role": A, "group": True}),
        ("person", "Ibrahim Sørlie", ["Ibrahim Sørlie", "Sørlie"], {"role": A}),
        ("person", "Clara Ruskin-Moss", ["Clara Ruskin-Moss", "Ruskin-Moss"], {"role": A}),
        ("person", "Kenji Halvorsen-Ito", ["Kenji Halvorsen-Ito", "Halvorsen-Ito"], {"role": A}),
        ("person", "Ruth Obadeyi-Lind", ["Ruth Obadeyi-Lind", "Obadeyi-Lind"], {"role": A}),
        ("song", "Harbour, 5 a.m.", ["Harbour, 5 a.m."], {"artist": "Ibrahim Sørlie Quartet"}),
        ("song", "Tram Lines", ["Tram Lines"], {"artist": "Ibrahim Sørlie Quartet"}),
        ("song", "For Amira", ["For Amira"], {"artist": "Ibrahim Sørlie"}),
        ("song", "Blue Lantern Waltz", ["Blue Lantern Waltz"], {"artist": "Arvid Kolstad-Berg"}),
        ("song", "Late Light (Reprise)", ["Late Light (Reprise)"], {"artist": "Ibrahim Sørlie"}),
        ("person", "Arvid Kolstad-Berg", ["Arvid Kolstad-Berg"], {"role": A}),
        ("person", "Astrid Mæland-Cooper", ["Astrid Mæland-Cooper"], {"role": "engineer"}),
    ],
    "film/hammerfall-protocol.txt": [
        ("show", "Hammerfall Protocol", ["Hammerfall Protocol"], {}),
        ("show", "Hammerfall Protocol 2", ["Hammerfall Protocol 2"], {}),
        ("character", "Jack Stryker", ["Jack Stryker", "Stryker"], {"actor": "Brock Vanderhoeven"}),
        ("actor", "Brock Vanderhoeven", ["Brock Vanderhoeven", "Vanderhoeven"], {"character": "Jack Stryker"}),
        ("person", "Cody Ramsgate-Fell", ["Cody Ramsgate-Fell", "Ramsgate-Fell"], {"role": "director"}),
        ("character", "Viktor Malenko", ["Viktor Malenko", "Malenko"], {"actor": "Dragan Milošev"}),
        ("actor", "Dragan Milošev", ["Dragan Milošev", "Milošev"], {"character": "Viktor Malenko"}),
        ("character", "Evelyn Cross", ["Evelyn Cross", "Cross"], {"actor": "Marcia Dunmore-Quaye"}),
        ("actor", "Marcia Dunmore-Quaye", ["Marcia Dunmore-Quaye", "Dunmore-Quaye"], {"character": "Evelyn Cross"}),
        ("actor", "Benji Adeleke-Lund", ["Benji Adeleke-Lund"], {}),
        ("actor", "Kaylee Barstow", ["Kaylee Barstow"], {}),
    ],
    "music/crown-of-ash-original-soundtrack.txt": [
        # The first "Crown of Ash" begins the album's title, which is not annotated.
        ("show", "Crown of Ash", ["Crown of Ash"], {"skip": {"Crown of Ash": [0]}}),
        ("person", "Leontyne Farrow-Hask", ["Leontyne Farrow-Hask", "Farrow-Hask"], {"role": "composer"}),
        ("song", "Ashes Remember", ["Ashes Remember"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "Lagoon Song", ["Lagoon Song"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "Morwen’s Kitchen", ["Morwen’s Kitchen"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "The Library", ["The Library"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "Hollowmere", ["Hollowmere"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "March of Korrath", ["March of Korrath"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "The Burning Road", ["The Burning Road"], {"artist": "Leontyne Farrow-Hask"}),
        ("song", "Crown of Fire", ["Crown of Fire"], {"artist": "Keziah Montrose"}),
        ("actor", "Orla Fitzwilliam-Chase", ["Orla Fitzwilliam-Chase"], {"character": "Tamsin"}),
        ("character", "Tamsin", ["Tamsin"], {"actor": "Orla Fitzwilliam-Chase"}),
        ("person", "Keziah Montrose", ["Keziah Montrose"], {"role": A}),
    ],
    "tv/the-ortiz-house.txt": [
        ("show", "The Ortiz House", ["The Ortiz House"], {}),
        ("actor", "Valeria Cienfuegos", ["Valeria Cienfuegos", "Cienfuegos"], {"character": "Teresa Ortiz"}),
        ("character", "Teresa Ortiz", ["Teresa Ortiz"], {"actor": "Valeria Cienfuegos"}),
        ("character", "Mateo", ["Mateo"], {"actor": "Julián Arrieta-Pope"}),
        ("actor", "Julián Arrieta-Pope", ["Julián Arrieta-Pope"], {"character": "Mateo"}),
        ("actor", "Renata Salcido", ["Renata Salcido", "Salcido"], {"character": "Lupe"}),
        ("character", "Lupe", ["Lupe"], {"actor": "Renata Salcido"}),
        ("actor", "Héctor Bramwell-Ruiz", ["Héctor Bramwell-Ruiz"], {"character": "Andrés"}),
        ("character", "Andrés", ["Andrés"], {"actor": "Héctor Bramwell-Ruiz"}),
        ("person", "Camila Oyarzún", ["Camila Oyarzún"], {"role": "production designer"}),
        ("person", "Dennis Kalloway", ["Dennis Kalloway"], {"role": "creator"}),
        ("actor", "Dario Esquivel", ["Dario Esquivel"], {}),
    ],
    "music/lola-brightwater-borrowed-light.md": [
        ("person", "Lola Brightwater", ["Lola Brightwater", "Brightwater"], {"role": A}),
        ("song", "Lanterns on the Water", ["Lanterns on the Water"], {"artist": "Saltash Ferry"}),
        ("person", "Saltash Ferry", ["Saltash Ferry"], {"role": A, "group": True}),
        ("song", "Mercy Lane Blues", ["Mercy Lane Blues"], {"artist": "Ozzie Thibodeaux-Lyle"}),
        ("person", "Ozzie Thibodeaux-Lyle", ["Ozzie Thibodeaux-Lyle"], {"role": A}),
        ("person", "Ayo Brennan-Voss", ["Ayo Brennan-Voss"], {"role": A}),
        ("song", "The Ballad of Hattie O'Rourke", ["The Ballad of Hattie O'Rourke"], {"artist": "Moira Kettleborough"}),
        ("person", "Moira Kettleborough", ["Moira Kettleborough"], {"role": A}),
        ("song", "Honey, Don't You Wander", ["Honey, Don't You Wander"], {"artist": "Silvertides"}),
        ("person", "Silvertides", ["Silvertides"], {"role": A, "group": True}),
        ("song", "Highway 9 Lullaby", ["Highway 9 Lullaby"], {}),
        ("song", "Stomp It Down", ["Stomp It Down"], {"artist": 'Jackie "Boom Boom" Delacroix'}),
        ("person", 'Jackie "Boom Boom" Delacroix', ['Jackie "Boom Boom" Delacroix'], {"role": A}),
        ("song", "Paper Birds", ["Paper Birds"], {"artist": "Élodie Marchand-Roy"}),
        ("person", "Élodie Marchand-Roy", ["Élodie Marchand-Roy"], {"role": A}),
    ],
    "tv/the-brigade-at-ferro-street.txt": [
        ("show", "The Brigade at Ferro Street", ["The Brigade at Ferro Street"], {}),
        ("character", "Ines Barroqueiro", ["Ines Barroqueiro", "Ines"], {"actor": "Lucía Montclar-Bey"}),
        ("actor", "Lucía Montclar-Bey", ["Lucía Montclar-Bey", "Montclar-Bey"], {"character": "Ines Barroqueiro"}),
        ("character", "Dmitri “Dima” Voloshyn", ["Dmitri “Dima” Voloshyn"], {"actor": "Anton Sereda-Pike"}),
        ("actor", "Anton Sereda-Pike", ["Anton Sereda-Pike"], {"character": "Dmitri “Dima” Voloshyn"}),
        ("character", "Tavion Marsh", ["Tavion Marsh"], {"actor": "Jerrell Okonedo-Banks"}),
        ("actor", "Jerrell Okonedo-Banks", ["Jerrell Okonedo-Banks"], {"character": "Tavion Marsh"}),
        ("character", "Fernanda Lobato", ["Fernanda Lobato", "Lobato"], {"actor": "Graça Estrela"}),
        ("actor", "Graça Estrela", ["Graça Estrela", "Estrela"], {"character": "Fernanda Lobato"}),
        ("character", "Rui", ["Rui"], {"actor": "Paulo Venâncio-Smith"}),
        ("actor", "Paulo Venâncio-Smith", ["Paulo Venâncio-Smith"], {"character": "Rui"}),
        ("actor", "Callum Aderinto", ["Callum Aderinto"], {}),
        ("person", "Beatriz Salgueiro-Hunt", ["Beatriz Salgueiro-Hunt"], {"role": "creator"}),
        ("person", "Noor Haddadin", ["Noor Haddadin"], {"role": "director"}),
        ("actor", "Ryder Vollmann", ["Ryder Vollmann"], {}),
    ],
    "other/nine-doors-anthology.md": [
        ("show", "Nine Doors", ["Nine Doors"], {}),
        ("show", "The Night Porter", ["The Night Porter"], EPISODE),
        ("show", "Apartment 4C", ["Apartment 4C"], EPISODE),
        ("show", "Exit Interview", ["Exit Interview"], EPISODE),
        ("show", "The Cat Flap", ["The Cat Flap"], EPISODE),
        ("show", "Stage Door", ["Stage Door"], EPISODE),
        ("show", "Trapdoor", ["Trapdoor"], EPISODE),
        ("show", "The Vault", ["The Vault"], EPISODE),
        ("show", "Backdoor", ["Backdoor"], EPISODE),
        ("show", "Door Nine", ["Door Nine"], EPISODE),
        ("person", "Ayesha Renwick-Obi", ["Ayesha Renwick-Obi"], {"role": "director"}),
        ("person", "Marcus Fenholt", ["Marcus Fenholt"], {"role": "director"}),
        ("person", "Kofi Brandt-Ellison", ["Kofi Brandt-Ellison"], {"role": "director"}),
        ("person", "Ondine Marchetti-Kaye", ["Ondine Marchetti-Kaye", "Marchetti-Kaye"], {"role": "creator"}),
        ("actor", "Bertrand Nnaji-Sloane", ["Bertrand Nnaji-Sloane", "Nnaji-Sloane"], {}),
        ("actor", "Perdita Vasquez-Rowe", ["Perdita Vasquez-Rowe"], {"character": "Delancey"}),
        ("character", "Delancey", ["Delancey"], {"actor": "Perdita Vasquez-Rowe"}),
        ("actor", "Grainne Mulvey-Price", ["Grainne Mulvey-Price"], {}),
        ("actor", "Anthony Crowhurst", ["Anthony Crowhurst"], {}),
        ("actor", "Lionel Castaneda-Brooks", ["Lionel Castaneda-Brooks"], {}),
        ("song", "One More Curtain", ["One More Curtain"], {}),
        ("person", "Kafka", ["Kafka"], {"role": "writer"}),
    ],
    "tv/the-understudies.txt": [
        ("show", "The Understudies", ["The Understudies", "THE UNDERSTUDIES"], {}),
        ("character", "Bridget Coyle-Amadi", ["Bridget Coyle-Amadi", "Bridget"], {"actor": "Hester Pennyworth"}),
        ("actor", "Hester Pennyworth", ["Hester Pennyworth", "Pennyworth"], {"character": "Bridget Coyle-Amadi"}),
        ("character", "Felix Orme", ["Felix Orme", "Felix"], {"actor": "Daniel Szabo-Reid"}),
        ("actor", "Daniel Szabo-Reid", ["Daniel Szabo-Reid", "Szabo-Reid"], {"character": "Felix Orme"}),
        ("character", "Nadia Petrakis", ["Nadia Petrakis", "Nadia"], {"actor": "Soraya Bellweather"}),
        ("actor", "Soraya Bellweather", ["Soraya Bellweather", "Bellweather"], {"character": "Nadia Petrakis"}),
        ("character", "Winston Adeyemi-Clarke", ["Winston Adeyemi-Clarke", "Winston"], {"actor": "Ola Brightmore"}),
        ("actor", "Ola Brightmore", ["Ola Brightmore", "Brightmore"], {"character": "Winston Adeyemi-Clarke"}),
        ("actor", "Imelda Castaneda-Frost", ["Imelda Castaneda-Frost"], {}),
        ("character", "Bell", ["Bell"], {"actor": "Clement Aldercott"}),
        ("actor", "Clement Aldercott", ["Clement Aldercott"], {"character": "Bell"}),
        ("person", "Philippa Okwuosa", ["Philippa Okwuosa", "Okwuosa"], {"role": "creator"}),
        ("person", "Ruairi Gallacher", ["Ruairi Gallacher"], {"role": "director"}),
        ("song", "Wick and Flame", ["Wick and Flame"], {"artist": "Philippa Okwuosa"}),
    ],
    "film/paper-moons-over-la.txt": [
        ("show", "Paper Moons Over L.A.", ["Paper Moons Over L.A."], {}),
        ("show", "Paper Moons", ["Paper Moons"], {}),
        ("character", "Harvey Linden-Gault", ["Harvey Linden-Gault", "Harvey"], {"actor": "Conrad Ashworth-Bly"}),
        ("actor", "Conrad Ashworth-Bly", ["Conrad Ashworth-Bly", "Ashworth-Bly"], {"character": "Harvey Linden-Gault"}),
        ("character", "Priya Delacroix", ["Priya Delacroix"], {"actor": "Anjali Mehta-Sorensen"}),
        ("actor", "Anjali Mehta-Sorensen", ["Anjali Mehta-Sorensen", "Mehta-Sorensen"], {"character": "Priya Delacroix"}),
        ("person", "Lionel Beauchamp-Okoye", ["Lionel Beauchamp-Okoye", "Beauchamp-Okoye"], {"role": "director"}),
        ("actor", "Dex Harrington-Moye", ["Dex Harrington-Moye"], {}),
        ("actor", "Lorna Vasquez-Teague", ["Lorna Vasquez-Teague"], {}),
    ],
    "film/the-cartographers-daughter.txt": [
        ("show", "The Cartographer’s Daughter", ["The Cartographer’s Daughter"], {}),
        ("person", "Agnieszka Wolanin-Hart", ["Agnieszka Wolanin-Hart", "Wolanin-Hart"], {"role": "director"}),
        ("person", "Benedikt Sauer", ["Benedikt Sauer"], {"role": "writer"}),
        ("character", "Clementine Aubry", ["Clementine Aubry", "Clementine"], {"actor": "Eloise Marchetti-Crane"}),
        ("actor", "Eloise Marchetti-Crane", ["Eloise Marchetti-Crane", "Marchetti-Crane"], {"character": "Clementine Aubry"}),
        ("character", "Étienne Aubry", ["Étienne Aubry", "Étienne"], {"actor": "Lucien Delavigne"}),
        ("actor", "Lucien Delavigne", ["Lucien Delavigne", "Delavigne"], {"character": "Étienne Aubry"}),
        ("actor", "Ander Etxeberria-Lowe", ["Ander Etxeberria-Lowe"], {"character": "Iñaki"}),
        ("character", "Iñaki", ["Iñaki"], {"actor": "Ander Etxeberria-Lowe"}),
        ("actor", "Marguerite Solenne", ["Marguerite Solenne"], {"character": "Harriet Ashdown"}),
        ("character", "Harriet Ashdown", ["Harriet Ashdown"], {"actor": "Marguerite Solenne"}),
        ("person", "Tomasz Kiełbasa-Moore", ["Tomasz Kiełbasa-Moore"], {"role": "cinematographer"}),
        ("person", "Ines Valdemoro", ["Ines Valdemoro"], {"role": "composer"}),
    ],
    "music/the-greyhound-union-reunion-tour.txt": [
        ("person", "Greyhound Union", ["Greyhound Union"], {"role": A, "group": True}),
        ("song", "Bus Shelter Romeo", ["Bus Shelter Romeo"], {"artist": "Greyhound Union"}),
        ("song", "Ten Pints of Wisdom", ["Ten Pints of Wisdom"], {"artist": "Greyhound Union"}),
        ("song", "Canal Street Waltz", ["Canal Street Waltz"], {"artist": "Greyhound Union"}),
        ("song", "Chip Shop Oracle", ["Chip Shop Oracle"], {"artist": "Greyhound Union"}),
        ("song", "Kerbside Psalm", ["Kerbside Psalm"], {"artist": "Greyhound Union"}),
        ("person", "Niall Rafferty-Cole", ["Niall Rafferty-Cole"], {"role": A}),
        ("person", "Deborah “Debs” Okafor-Lyle", ["Deborah “Debs” Okafor-Lyle"], {"role": A}),
        ("person", "Gary Stanwick", ["Gary Stanwick", "Stanwick"], {"role": A}),
        ("person", "Ade Lomax-Whitfield", ["Ade Lomax-Whitfield"], {"role": A}),
        ("person", "Mina Castell-Brook", ["Mina Castell-Brook"], {"role": A}),
    ],
    "film/overclocked-2-reboot.md": [
        ("show", "Overclocked 2: Reboot", ["Overclocked 2: Reboot"], {}),
        ("show", "Overclocked", ["Overclocked"], {}),
        ("actor", "Zara Okonkwo-Finch", ["Zara Okonkwo-Finch", "Okonkwo-Finch"], {"character": "Kit Valentine"}),
        ("character", "Kit Valentine", ["Kit Valentine", "Kit"], {"actor": "Zara Okonkwo-Finch"}),
        ("character", "Morton Grange", ["Morton Grange"], {"actor": "Winston Adeyemi-Brooks"}),
        ("actor", "Winston Adeyemi-Brooks", ["Winston Adeyemi-Brooks"], {"character": "Morton Grange"}),
        ("character", "PALLAS", ["PALLAS"], {}),
        ("character", "Ames", ["Ames"], {"actor": "Ferdinand Osterhaus-Reilly"}),
        ("actor", "Ferdinand Osterhaus-Reilly", ["Ferdinand Osterhaus-Reilly"], {"character": "Ames"}),
        ("character", "Glitch", ["Glitch"], {"actor": "Theo Marchbank-Sung"}),
        ("actor", "Theo Marchbank-Sung", ["Theo Marchbank-Sung", "Marchbank-Sung"], {"character": "Glitch"}),
        ("person", "Skylar Van Hoorn-Adebisi", ["Skylar Van Hoorn-Adebisi"], {"role": "director"}),
        ("song", "Reboot My Heart", ["Reboot My Heart"], {"artist": "Neon Vesper"}),
        ("person", "Neon Vesper", ["Neon Vesper"], {"role": A, "group": True}),
        ("actor", "Wendy Tanaka-Burke", ["Wendy Tanaka-Burke"], {}),
    ],
    "tv/dead-reckoning-series-finale.md": [
        ("show", "Dead Reckoning", ["Dead Reckoning"], {}),
        ("show", "True North", ["True North"], EPISODE),
        ("character", "Isolde Brancato", ["Isolde Brancato"], {"actor": "Rhiannon Cadwallader-Pryce"}),
        ("actor", "Rhiannon Cadwallader-Pryce", ["Rhiannon Cadwallader-Pryce"], {"character": "Isolde Brancato"}),
        ("person", "Garrett Solberg", ["Garrett Solberg"], {"role": "creator"}),
        ("person", "Paloma Serrat-Addo", ["Paloma Serrat-Addo"], {"role": "creator"}),
        ("actor", "Nolan Breckwoldt", ["Nolan Breckwoldt"], {}),
        ("character", "Cyrus Oakenfold", ["Cyrus Oakenfold", "Oakenfold"], {"actor": "Teodor Brannigan"}),
        ("actor", "Teodor Brannigan", ["Teodor Brannigan", "Brannigan"], {"character": "Cyrus Oakenfold"}),
        ("character", "Ren Takahara", ["Ren Takahara", "Takahara"], {"actor": "Mio Tsukada-Ward"}),
        ("actor", "Mio Tsukada-Ward", ["Mio Tsukada-Ward", "Tsukada-Ward"], {"character": "Ren Takahara"}),
        ("character", "Dominic “Dom” Falzone", ["Dominic “Dom” Falzone"], {"actor": "Ashby Monroe-Keel"}),
        ("actor", "Ashby Monroe-Keel", ["Ashby Monroe-Keel"], {"character": "Dominic “Dom” Falzone"}),
        ("song", "Harbour Light", ["Harbour Light"], {"artist": "Lowland Wake"}),
        ("person", "Lowland Wake", ["Lowland Wake"], {"role": A, "group": True}),
        ("person", "Annika Vos-Hartley", ["Annika Vos-Hartley"], {"role": "director"}),
    ],
}

GROUPS = {"tv": "corpus-tv", "film": "corpus-film", "music": "corpus-music", "other": "corpus-other"}


def occurrences(text, surface):
    pattern = r"(?<![\w])" + re.escape(surface) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def build(doc_id, entries, text):
    taken = []
    mentions = []
    spans = []
    for kind, canonical, surfaces, extra in entries:
        for surface in surfaces:
            spans.append((len(surface), kind, canonical, surface, extra))
    spans.sort(key=lambda s: -s[0])
    for _, kind, canonical, surface, extra in spans:
        skip = set(extra.get("skip", {}).get(surface, []))
        found = occurrences(text, surface)
        if not found:
            sys.exit(f"{doc_id}: {surface!r} not found")
        for n, (start, end) in enumerate(found):
            if n in skip or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            m = {"kind": kind, "canonical": canonical, "surface": surface, "start": start, "end": end}
            for key, value in extra.items():
                if key != "skip":
                    m[key] = value
            mentions.append(m)
    mentions.sort(key=lambda m: m["start"])
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["surface"]
    return mentions


def main():
    root = Path(__file__).resolve().parent.parent
    out = []
    for doc_id, entries in GOLD.items():
        path = root / "corpus" / doc_id
        text = path.read_bytes().decode("utf-8")
        out.append({
            "id": doc_id,
            "group": GROUPS[doc_id.split("/")[0]],
            "source": {"path": f"corpus/{doc_id}"},
            "text": text,
            "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
            "mentions": build(doc_id, entries, text),
        })
    dest = root / "tests" / "gold" / "corpus_entities.jsonl"
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        for doc in out:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    kinds = {}
    for doc in out:
        for m in doc["mentions"]:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    print(f"{len(out)} reviews, {sum(kinds.values())} mentions: {kinds} -> {dest}")


if __name__ == "__main__":
    main()
