"""Focus group 1: six people on dagpenge, met in person in September 2020 (written as a Word transcript)."""

from __future__ import annotations

from .transcripts import FocusGroup

SPEAKERS = {"M": "Moderator", **{str(i): f"Deltager {i}" for i in range(1, 7)}}

DIALOGUE = """
M: Ja, men velkommen allesammen, og tak fordi I ville komme. Som I ved, så er det her en del af jobcentrets brugerundersøgelse, og vi vil rigtig gerne høre, hvordan I har oplevet at være ledige og have kontakt med jobcentret. Der er ingen rigtige eller forkerte svar, og alt hvad I siger, bliver anonymiseret, inden vi skriver rapporten. Skal vi ikke starte med en hurtig runde, hvor I siger, hvor længe I har været ledige?
1: Jamen, jeg kan godt starte. Øh, jeg har været ledig siden januar, så det er ... ja, det er snart ni måneder nu. Jeg har været på lager i 22 år, og så lukkede de afdelingen.
2: Jeg har været ledig i cirka fem måneder. Jeg er færdiguddannet cand.mag. sidste sommer, så jeg er sådan dimittend, kan man sige.
3: Otte måneder for mit vedkommende. Jeg er elektriker, og så kom corona, og så var der ikke så meget at lave.
4: Det er over et år for mig. Jeg blev sagt op fra et kontorjob på kommunen, faktisk. Så det er lidt sjovt at sidde her. (griner)
5: Jeg er kun lige startet, altså tre måneder eller sådan noget.
6: Et halvt år cirka.
M: Tak. Hvis vi starter helt fra begyndelsen – hvordan var den første kontakt med jobcentret? Hvad husker I?
1: Altså, den første samtale var egentlig fin nok. Men det var det med at finde ud af, hvad man skulle, ikke også. Der kom en masse breve, og jeg vidste ikke, hvad der var vigtigt, og hvad der bare var ... information.
M: Mm.
1: Så jeg ringede til a-kassen, og de sagde, at det skulle jeg spørge jobcentret om, og jobcentret sagde, at det skulle jeg spørge a-kassen om. (griner)
3: Ja, den kender jeg godt.
2: Jeg synes faktisk, at det første møde var rigtig godt. Hun var meget grundig, og hun forklarede det med jobloggen og alt det der.
M: Okay. Hvad gjorde det godt?
2: Øh, jeg tror, det var, at hun tog sig tid. Hun havde ikke travlt, eller hun lod i hvert fald ikke som om, hun havde travlt. Og hun spurgte faktisk ind til, hvad jeg selv gerne ville.
M: Hvad med jeres sagsbehandler nu? Hvordan er relationen til den person, I har kontakt med?
3: Jeg har været heldig, synes jeg. Jeg har haft den samme hele vejen, Lone Hansen, og hun er bare ... altså, hun ringer tilbage, når hun siger, hun ringer tilbage. Det er jo ikke en selvfølge.
4: Nej, det er det i hvert fald ikke.
3: Og hun kender min situation, så jeg skal ikke starte forfra hver gang.
4: Det er lige præcis det, der er mit problem. Jeg har haft, lad mig se, fire forskellige sagsbehandlere på et år. Fire! Og hver gang skal man fortælle hele historien igen. Hvorfor jeg blev fyret, hvad jeg har søgt, hvad jeg kan og ikke kan. Det er altså ret opslidende, og man føler sig lidt som et nummer i køen.
M: Hvordan fik du at vide, at du havde fået en ny?
4: Der kom et brev. Eller, det stod i et brev om et møde, at jeg skulle mødes med en ny person. Der var ingen, der sagde noget.
6: Sådan var det også for mig. Jeg opdagede det først, da jeg sad der.
M: Mm. Hvad betød det for jer?
6: Øh ... altså, jeg blev lidt ked af det, fordi jeg havde lige fået sådan en god snak med den første. Hun forstod godt, at jeg har en mor, jeg passer. Den nye vidste ikke noget om det.
1: Man føler sig ikke rigtig hørt så.
6: Nej.
M: Lad os tale lidt om jobklubben. Nogle af jer har været i jobklub, ikke?
2: Ja. (suk)
5: Ja, jeg er der stadigvæk.
2: Altså, jeg skal være ærlig. Det var tre timer to gange om ugen, og de første par gange var det fint nok, vi lærte at skrive ansøgning og sådan. Men jeg har skrevet ansøgninger i fem år på universitetet, så efter anden gang sad jeg bare og kiggede på uret. Det var alt for lang tid i forhold til, hvad man fik ud af det.
5: Jeg synes ikke, det er så slemt. Altså, det er lidt langt, men jeg har fået hjælp til mit CV, og det havde jeg brug for.
2: Nej, jeg siger heller ikke, at det er dårligt for alle. Men det burde være mere ... sådan, tilpasset.
3: Mere fleksibelt, ja.
1: For mig var det det med computerne. Altså, alle de andre sad og klikkede, og jeg sad der og vidste ikke, hvor jeg skulle trykke. Og så var der én underviser til tyve mennesker.
M: Så tempoet passede ikke?
1: Nej, det gjorde det ikke. Det gik alt for stærkt for mig. Jeg er ikke dum, jeg har bare aldrig brugt det der Jobnet før.
M: Nu har vi jo haft corona her i foråret. Hvordan var det, da møderne blev lavet om til telefon og video?
5: Jamen, for mig var det egentlig fint. Jeg slap for at tage bussen ind, og det tog et kvarter. Det var slet ikke dårligt.
4: Jeg kunne ikke få det der Skype til at virke. Jeg sad og var klar klokken ti, og så skete der ingenting, og så ringede hun til sidst på telefonen i stedet.
3: Ja, det var lidt kaotisk i starten.
4: Det var meget kaotisk. Og man kan ikke se på folk, hvad de tænker. Jeg kan bedre lide at sidde over for et menneske.
6: Jeg kunne godt lide telefonmøderne, faktisk. Så kunne jeg være hjemme ved min mor.
M: Så det passer forskelligt til forskellige mennesker?
6: Ja, det tror jeg.
5: Men det burde være noget, man kunne vælge. Altså, at man selv kunne sige, om man vil have det på video eller møde op.
M: Mm. I nævnte brevene før. Kan I sige lidt mere om dem?
1: Ja, altså, de er skrevet i sådan et sprog, jeg ikke forstår. Der står paragraf det ene og paragraf det andet, og "du skal være opmærksom på, at manglende fremmøde kan få konsekvenser for din ret til ydelse". Jeg blev helt bange første gang. Jeg troede, jeg havde gjort noget forkert.
3: Det er den der med "kan få konsekvenser". (griner) Den får man i hvert eneste brev.
1: Ja! Og så ringede jeg, og så var det bare en indkaldelse til et helt almindeligt møde.
2: Jeg synes egentlig godt, man kan forstå dem, men de er alt for lange. Det vigtige står nederst på side to.
4: Det er sådan noget med, hvad er det, jeg skal gøre? Hvornår? Og hvor? Det burde stå øverst.
M: Hvis I selv skulle skrive brevet, hvad skulle der så stå?
4: Øh ... "Du har møde tirsdag klokken ti hos Lone på Rådhusvej. Ring, hvis du ikke kan komme." Færdig.
3: (griner) Så er det jo Lone, der skal svare telefonen.
4: Ja, det er rigtigt. Det er jo ikke nemt at komme igennem.
M: Hvordan er det med at komme igennem på telefonen?
1: Det er det værste. Man ringer klokken ni, og så er man nummer 14 i køen, og så sidder man og venter, og efter tyve minutter bliver man smidt af.
6: Nogle gange ringer de tilbage, men det er jo altid, når man står i Netto.
2: Jeg skriver hellere en besked på Jobnet. Så får jeg svar inden for et par dage, og det er fint nok for mig.
1: Men hvis man ikke kan finde ud af Jobnet –
2: Nej, nej, det er klart.
1: – så er man jo på den.
M: Lad os tale lidt om jobplanen. Ved I alle sammen, hvad der står i jeres jobplan?
5: Øh ... ikke rigtig, hvis jeg skal være ærlig.
3: Jeg ved, at der står, at jeg skal søge inden for el og måske også lager. Men det er vel det.
4: Jeg har fået en ny jobplan hver gang, jeg har fået en ny sagsbehandler. Så jeg har fire. (griner) Nej, men altså, de står jo i den der app, men jeg har aldrig rigtig fået forklaret, hvad den betyder for mig.
2: Min er faktisk ret tydelig. Vi lavede den sammen, og der står, at jeg søger kommunikationsstillinger og tager et kursus i grafisk design. Det er jeg egentlig glad for.
M: Hvad gjorde forskellen, tror du?
2: At vi lavede den sammen, tror jeg. Det var ikke bare noget, hun skrev, og så fik jeg den.
M: Har nogle af jer været i praktik eller på kursus?
3: Jeg har fået et truckcertifikat. Det var faktisk rigtig godt, for så kunne jeg søge bredere.
1: Jeg har spurgt om et kursus tre gange. Først var det for dyrt, så var det ikke relevant, og så var der ikke flere pladser. Så nu har jeg opgivet det.
6: Jeg har heller ikke fået noget tilbud.
5: Jeg skal i virksomhedspraktik i et supermarked næste måned. Det glæder jeg mig faktisk til.
M: Hvordan kom det i stand?
5: Det var min sagsbehandler, der foreslog det. Jeg sagde, jeg godt kunne tænke mig noget med kunder, og så fandt hun det.
M: Hvis I tænker på hele forløbet – føler I jer hørt og respekteret af jobcentret?
6: Det er svært at svare på. Nogle gange ja, nogle gange ikke. Altså, den første sagsbehandler lyttede virkelig. Den nye er ikke ond eller noget, men hun har bare ikke tid, og så føles det lidt som om, det bare er et skema, der skal udfyldes. Og man kan jo mærke det, når folk ikke har tid. ¶ Jeg siger ikke, at det er hendes skyld. Det er nok systemet.
4: Det er systemet.
1: Jeg føler mig respekteret af de mennesker, jeg møder. Det er brevene og reglerne, der gør en utryg.
3: Jeg føler mig godt behandlet. Men jeg ved også godt, jeg har været heldig.
M: Er der noget, I vil sige, fungerer rigtig godt?
3: Lone. (griner) Nej, men det er det personlige, ikke også. At have én, man kender.
5: Praktikken. Og at jeg kan skrive til dem.
2: Jeg synes, kurset var godt. Det gav mig noget konkret.
1: Folkene er søde nok. Jeg har ikke noget imod dem.
M: Og hvis I skulle give jobcentret ét råd, hvad skulle det så være?
4: Lad folk beholde den samme sagsbehandler. Det er det vigtigste.
1: Skriv brevene, så man kan forstå dem. Og tag telefonen.
2: Gør jobklubben kortere, eller lad folk vælge de moduler, de har brug for.
6: Spørg folk, hvordan de har det. Ikke kun hvad de har søgt.
5: At man selv kan vælge, om mødet skal være på video.
3: Mere tid til sagsbehandlerne, så de kan ringe tilbage. Det er det, der gør forskellen.
M: Tusind tak. Er der noget, nogen vil tilføje, inden vi slutter?
1: Nej, jeg tror, det er sagt.
4: Bare at det var rart at blive spurgt.
M: Så siger vi tak for i dag.
"""

GROUP = FocusGroup(
    title="Fokusgruppe 1 – borgere på dagpenge",
    date_line="Dato: 24. september 2020, Jobcenter Søholm, mødelokale 2 (kl. 13.00-14.30)",
    intro_lines=[
        "6 borgere på dagpenge deltog (Deltager 1-6), moderator fra Analyseenheden.",
        "Ordret transskription, let redigeret. (griner), (suk) o.l. er transskribentens noter.",
    ],
    speakers=SPEAKERS,
    dialogue=DIALOGUE,
)
