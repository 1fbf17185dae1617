<?xml version="1.0" encoding="UTF-8"?>
{# How a browser shows one of our feeds (RSS 2.0 or Atom): a page in the feed's language
    that says what a feed is and how to follow it, then its stories. vnportal/feeds.py renders
    this template once per language into feeds/feed.xsl, so its strings come from the UI
    catalogs; every feed names it in an <?xml-stylesheet?> instruction. Text from the feed is
    copied as text only (value-of), never as markup. Keep "&" out of the strings: this is XML. #}
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="yes"/>

<xsl:variable name="is-atom" select="boolean(/atom:feed)"/>
<xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
<xsl:variable name="subtitle" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
<xsl:variable name="address" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
<xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

<xsl:template match="/">
<html lang="{{ LANG }}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<title><xsl:value-of select="$title"/> – {{ _('News feed') }}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/css/site.css"/>
<link rel="icon" href="{{ SITEURL }}/theme/img/favicon.svg" type="image/svg+xml"/>
</head>
<body>
<a class="skip-link" href="#main">{{ _('Skip to main content') }}</a>
<header class="site-header">
  <div class="wrap site-header-top">
    <a class="wordmark" href="{{ HOME_URL }}"><span class="wordmark-name">{{ SITENAME }}</span></a>
  </div>
</header>
<main id="main">
<div class="wrap">
  <div class="feed-preview">
    <p class="page-kicker">{{ _('News feed') }} (<xsl:choose><xsl:when test="$is-atom">Atom</xsl:when><xsl:otherwise>RSS</xsl:otherwise></xsl:choose>)</p>
    <h1><xsl:value-of select="$title"/></h1>
    <p><xsl:value-of select="$subtitle"/></p>
    <p>{{ _('This page is a news feed. A feed reader app can follow it for you and show each new story as soon as it is published. To follow it, copy this address and paste it into your reader:') }}</p>
    <p class="feed-preview-address"><code><xsl:value-of select="$address"/></code></p>
    <ul class="feed-preview-links">
      <li><a href="{{ SITEURL }}/{{ FEEDS_URL }}">{{ _('What is a news feed, and how to use one') }}</a></li>
      <li><a href="{$page}">{{ _('Read these stories on the website') }}</a></li>
    </ul>
  </div>
  <h2>{{ _('Stories in this feed') }}</h2>
  <ul class="card-list">
    <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
  </ul>
</div>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="item | atom:entry">
  <li>
    <article class="card">
      <div class="card-body">
        <h3 class="card-title"><a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h3>
        <p class="card-date">
          <xsl:choose>
            <xsl:when test="atom:published">
              {#- 2024-07-11T11:17:00+07:00 -#}
              <xsl:call-template name="day">
                <xsl:with-param name="day" select="substring(atom:published, 9, 2)"/>
                <xsl:with-param name="month" select="substring(atom:published, 6, 2)"/>
                <xsl:with-param name="year" select="substring(atom:published, 1, 4)"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              {#- Thu, 11 Jul 2024 11:17:00 +0700 -#}
              <xsl:call-template name="day">
                <xsl:with-param name="day" select="substring(pubDate, 6, 2)"/>
                <xsl:with-param name="month" select="format-number(string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1, '00')"/>
                <xsl:with-param name="year" select="substring(pubDate, 13, 4)"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </p>
        <p class="card-summary"><xsl:value-of select="description | atom:summary"/></p>
      </div>
    </article>
  </li>
</xsl:template>

{#- A calendar day as the pages write it: 11/07/2024 in Vietnamese, 11 July 2024 in English. -#}
<xsl:template name="day">
  <xsl:param name="day"/>
  <xsl:param name="month"/>
  <xsl:param name="year"/>
  {% if LANG == 'vi' %}
  <xsl:value-of select="concat($day, '/', $month, '/', $year)"/>
  {% else %}
  <xsl:variable name="months" select="'|01January|02February|03March|04April|05May|06June|07July|08August|09September|10October|11November|12December|'"/>
  <xsl:value-of select="concat(number($day), ' ', substring-before(substring-after($months, concat('|', $month)), '|'), ' ', $year)"/>
  {% endif %}
</xsl:template>
</xsl:stylesheet>
