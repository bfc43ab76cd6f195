"use strict";(self.rspackChunkjupyter_docker_magics=self.rspackChunkjupyter_docker_magics||[]).push([[700],{646(e,o,r){var n=r(601),t=r.n(n),a=r(314),i=(r.n(a))()(t());i.push([e.id,`/* The Docker sidebar (src/panel.ts) and Dockerfile colours (src/dockerfile.ts). */

.jp-DockerPanel {
  display: flex;
  flex-direction: column;
  overflow-y: auto;
  overflow-anchor: none; /* panel.ts keeps the item in view itself, across refreshes */
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
  padding: 0 8px 8px;
}

/* Header and filter stay on screen while the lists scroll under them. */
.jp-DockerPanel-top {
  position: sticky;
  top: 0;
  z-index: 1;
  background: var(--jp-layout-color1);
  padding-bottom: 4px;
  border-bottom: 1px solid var(--jp-border-color2);
}

.jp-DockerPanel-filterbar {
  display: flex;
  flex-wrap: wrap;
  gap: 2px 10px;
}

.jp-DockerPanel-filter.jp-mod-styled {
  flex: 1 0 100%;
  box-sizing: border-box;
  height: 24px;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size1);
}

.jp-DockerPanel-check {
  display: flex;
  align-items: center;
  gap: 3px;
  font-size: var(--jp-ui-font-size0);
  color: var(--jp-ui-font-color2);
  cursor: pointer;
}

.jp-DockerPanel-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
}

.jp-DockerPanel-header h2 {
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  text-transform: uppercase;
  letter-spacing: 1px;
  margin: 8px 0;
}

.jp-DockerPanel-refresh {
  background: none;
  border: none;
  cursor: pointer;
  padding: 2px 4px;
}

.jp-DockerPanel.jp-mod-loading .jp-DockerPanel-refresh {
  opacity: 0.4;
}

.jp-DockerPanel-message {
  padding: 6px 8px;
  margin-bottom: 6px;
  border-left: 3px solid var(--jp-warn-color1);
  background: var(--jp-layout-color2);
}

.jp-DockerPanel-heading {
  display: flex;
  gap: 4px;
  width: 100%;
  background: none;
  border: none;
  padding: 0;
  cursor: pointer;
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  margin: 10px 0 4px;
  color: var(--jp-ui-font-color2);
  text-align: left;
}

.jp-DockerPanel-count::before {
  content: '(';
}

.jp-DockerPanel-count::after {
  content: ')';
}

.jp-DockerPanel-section.jp-mod-collapsed ul,
.jp-DockerPanel-section.jp-mod-collapsed .jp-DockerPanel-empty {
  display: none;
}

.jp-DockerPanel-port {
  flex: none;
  align-self: center;
  padding: 0 2px;
  font-size: var(--jp-ui-font-size0);
  color: var(--jp-content-link-color);
  text-decoration: none;
}

.jp-DockerPanel-port:hover {
  text-decoration: underline;
}

.jp-DockerPanel-section ul {
  list-style: none;
  margin: 0;
  padding: 0;
}

.jp-DockerPanel-container,
.jp-DockerPanel-image {
  padding: 5px 0;
  border-bottom: 1px solid var(--jp-border-color2);
}

.jp-DockerPanel-image .jp-DockerPanel-row {
  justify-content: space-between;
  gap: 8px;
  margin-bottom: 3px;
}

.jp-DockerPanel-row {
  display: flex;
  align-items: center;
  gap: 6px;
}

.jp-DockerPanel-name {
  min-width: 0;
  font-family: var(--jp-code-font-family);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-size,
.jp-DockerPanel-info,
.jp-DockerPanel-empty,
.jp-DockerPanel-footer {
  color: var(--jp-ui-font-color2);
  font-size: var(--jp-ui-font-size0);
}

.jp-DockerPanel-size {
  white-space: nowrap;
}

.jp-DockerPanel-info {
  margin: 2px 0 4px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-footer {
  margin-top: 8px;
}

.jp-DockerPanel-badge {
  border-radius: 8px;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size0);
  color: white;
  background: var(--jp-layout-color4);
}

.jp-DockerPanel-badge.jp-mod-running {
  background: var(--jp-success-color1);
}

.jp-DockerPanel-badge.jp-mod-paused,
.jp-DockerPanel-badge.jp-mod-restarting {
  background: var(--jp-warn-color1);
}

.jp-DockerPanel-badge.jp-mod-created {
  background: var(--jp-info-color1);
}

.jp-DockerPanel-badge.jp-mod-dead,
.jp-DockerPanel-badge.jp-mod-removing {
  background: var(--jp-error-color1);
}

.jp-DockerPanel-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
}

.jp-DockerPanel-action.jp-mod-styled {
  font-size: var(--jp-ui-font-size0);
  height: 20px;
  line-height: 18px;
  padding: 0 7px;
  cursor: pointer;
}

/* The notebook's own Python colours are inner spans: colour them too. */
.cm-editor .jp-DockerfileKeyword,
.cm-editor .jp-DockerfileKeyword * {
  color: var(--jp-mirror-editor-keyword-color) !important;
  font-weight: bold;
}

.cm-editor .jp-DockerfileComment,
.cm-editor .jp-DockerfileComment * {
  color: var(--jp-mirror-editor-comment-color) !important;
  font-style: italic;
}

.cm-editor .jp-DockerfileVariable,
.cm-editor .jp-DockerfileVariable * {
  color: var(--jp-mirror-editor-variable-2-color) !important;
}

.jp-DockerPanel [hidden] {
  display: none !important;
}
`,""]),r.d(o,{},{A:i})},314(e){e.exports=function(e){var o=[];return o.toString=function(){return this.map(function(o){var r="",n=void 0!==o[5];return o[4]&&(r+="@supports (".concat(o[4],") {")),o[2]&&(r+="@media ".concat(o[2]," {")),n&&(r+="@layer".concat(o[5].length>0?" ".concat(o[5]):""," {")),r+=e(o),n&&(r+="}"),o[2]&&(r+="}"),o[4]&&(r+="}"),r}).join("")},o.i=function(e,r,n,t,a){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(n)for(var p=0;p<this.length;p++){var c=this[p][0];null!=c&&(i[c]=!0)}for(var l=0;l<e.length;l++){var s=[].concat(e[l]);n&&i[s[0]]||(void 0!==a&&(void 0===s[5]||(s[1]="@layer".concat(s[5].length>0?" ".concat(s[5]):""," {").concat(s[1],"}")),s[5]=a),r&&(s[2]&&(s[1]="@media ".concat(s[2]," {").concat(s[1],"}")),s[2]=r),t&&(s[4]?(s[1]="@supports (".concat(s[4],") {").concat(s[1],"}"),s[4]=t):s[4]="".concat(t)),o.push(s))}},o}},601(e){e.exports=function(e){return e[1]}},72(e){var o=[];function r(e){for(var r=-1,n=0;n<o.length;n++)if(o[n].identifier===e){r=n;break}return r}function n(e,n){for(var t={},a=[],i=0;i<e.length;i++){var p=e[i],c=n.base?p[0]+n.base:p[0],l=t[c]||0,s="".concat(c," ").concat(l);t[c]=l+1;var d=r(s),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==d)o[d].references++,o[d].updater(u);else{var f=function(e,o){var r=o.domAPI(o);return r.update(e),function(o){o?(o.css!==e.css||o.media!==e.media||o.sourceMap!==e.sourceMap||o.supports!==e.supports||o.layer!==e.layer)&&r.update(e=o):r.remove()}}(u,n);n.byIndex=i,o.splice(i,0,{identifier:s,updater:f,references:1})}a.push(s)}return a}e.exports=function(e,t){var a=n(e=e||[],t=t||{});return function(e){e=e||[];for(var i=0;i<a.length;i++){var p=r(a[i]);o[p].references--}for(var c=n(e,t),l=0;l<a.length;l++){var s=r(a[l]);0===o[s].references&&(o[s].updater(),o.splice(s,1))}a=c}}},659(e){var o={};e.exports=function(e,r){var n=function(e){if(void 0===o[e]){var r=document.querySelector(e);if(window.HTMLIFrameElement&&r instanceof window.HTMLIFrameElement)try{r=r.contentDocument.head}catch(e){r=null}o[e]=r}return o[e]}(e);if(!n)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");n.appendChild(r)}},540(e){e.exports=function(e){var o=document.createElement("style");return e.setAttributes(o,e.attributes),e.insert(o,e.options),o}},56(e,o,r){e.exports=function(e){var o=r.nc;o&&e.setAttribute("nonce",o)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var o=e.insertStyleElement(e);return{update:function(r){var n,t,a;n="",r.supports&&(n+="@supports (".concat(r.supports,") {")),r.media&&(n+="@media ".concat(r.media," {")),(t=void 0!==r.layer)&&(n+="@layer".concat(r.layer.length>0?" ".concat(r.layer):""," {")),n+=r.css,t&&(n+="}"),r.media&&(n+="}"),r.supports&&(n+="}"),(a=r.sourceMap)&&"u">typeof btoa&&(n+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(a))))," */")),e.styleTagTransform(n,o,e.options)},remove:function(){var e;null===(e=o).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,o){if(o.styleSheet)o.styleSheet.cssText=e;else{for(;o.firstChild;)o.removeChild(o.firstChild);o.appendChild(document.createTextNode(e))}}},959(e,o,r){var n=r(72),t=r.n(n),a=r(825),i=r.n(a),p=r(659),c=r.n(p),l=r(56),s=r.n(l),d=r(540),u=r.n(d),f=r(113),m=r.n(f),j=r(646),v={};v.styleTagTransform=m(),v.setAttributes=s(),v.insert=c().bind(null,"head"),v.domAPI=i(),v.insertStyleElement=u(),t()(j.A,v),j.A&&j.A.locals&&j.A.locals}}]);